import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A throwaway database for one Obeya run: the server's environment for it, and how to remove it. */
export interface Database {
  kind: 'postgres' | 'pglite';
  env: NodeJS.ProcessEnv;
  /** PostgreSQL only: how many update rows (and bytes) a board's document is stored as, and its epoch. */
  storedRows: (boardId: string) => Promise<{ rows: number; bytes: number; epoch: number } | null>;
  /** PostgreSQL only: what a round trip and a durable one-row commit cost on this server now. */
  probe: (count: number) => Promise<{ roundTrip: number[]; commit: number[] } | null>;
  drop: () => Promise<void>;
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database, as the server tests make one: on the PostgreSQL server of `serverUrl`
 * (created and dropped here), or without one an embedded PGlite folder. Each scenario's Obeya run
 * starts from nothing and leaves nothing behind.
 */
export async function createDatabase(serverUrl: string | undefined): Promise<Database> {
  if (!serverUrl) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'obeya-bench-'));
    return {
      kind: 'pglite',
      // The server reads DATABASE_URL first: make sure it is absent.
      env: { DATA_DIR: dataDir, DATABASE_URL: undefined },
      storedRows: async () => null,
      probe: async () => null,
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `obeya_bench_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await admin(serverUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url.toString() },
    storedRows: (boardId) =>
      admin(url.toString(), async (c) => {
        const { rows } = await c.query<{ rows: string; bytes: string; epoch: number | null }>(
          `select count(*) as rows, coalesce(sum(octet_length(data)), 0) as bytes, max(epoch) as epoch
           from board_updates where board_id = $1`,
          [boardId],
        );
        const row = rows[0];
        return { rows: Number(row?.rows ?? 0), bytes: Number(row?.bytes ?? 0), epoch: row?.epoch ?? 0 };
      }),
    probe: (count) =>
      admin(url.toString(), async (c) => {
        const roundTrip: number[] = [];
        const commit: number[] = [];
        await c.query('create table if not exists bench_commit_probe (id serial primary key, data bytea)');
        for (let i = 0; i < count; i++) {
          let t = performance.now();
          await c.query('select 1');
          roundTrip.push(performance.now() - t);
          t = performance.now();
          await c.query('begin');
          await c.query('insert into bench_commit_probe (data) values ($1)', [Buffer.alloc(100)]);
          await c.query('commit');
          commit.push(performance.now() - t);
        }
        return { roundTrip, commit };
      }),
    drop: () => admin(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** "PostgreSQL 15.x", for the machine description. */
export function postgresVersion(serverUrl: string): Promise<string> {
  return admin(serverUrl, async (c) => {
    const { rows } = await c.query<{ server_version: string }>('show server_version');
    return `PostgreSQL ${rows[0]?.server_version ?? '?'}`;
  });
}
