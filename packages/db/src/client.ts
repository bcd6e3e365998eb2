import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openBroadcastPool } from './broadcast-pool.ts';
import { listen, type ListenerLog, type ListenOptions, type NotificationListener } from './listener.ts';
import * as schema from './schema.ts';

/** One type for both drivers: code above this package never knows which it runs on. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle, usable wherever a Database is. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseConnection {
  db: Database;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
  /**
   * Listens for `NOTIFY channel` on a dedicated connection. Only on PostgreSQL, where several
   * server processes may share the database; the embedded one has a single process.
   */
  listen?: (channel: string, options: ListenOptions) => NotificationListener;
  /**
   * A pool of its own for messages between server nodes (the socket.io adapter's); only on
   * PostgreSQL. The caller ends it.
   */
  openBroadcastPool?: (log: ListenerLog) => pg.Pool;
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** `dataDir` undefined keeps the embedded database in memory (tests). */
  | { kind: 'pglite'; dataDir?: string };

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/**
 * Key of the session-level advisory lock around migrations. The two-integer form lives in a
 * different key space from the one-bigint board locks, so it can never collide with one.
 */
const MIGRATION_LOCK_SQL = "hashtext('obeya'), hashtext('migrations')";

/**
 * Ends the pool and waits until every connection is really closed: `pool.end()` resolves as soon
 * as it has asked them to close, and a connection still open after that sees any later
 * termination (a restart, a dropped database) as an error nobody listens to.
 */
async function closePool(pool: pg.Pool, connections: Set<pg.PoolClient>): Promise<void> {
  const closed = [...connections].map((client) => new Promise<void>((resolve) => client.once('end', () => resolve())));
  await pool.end();
  await Promise.all(closed);
}

/** The connections a pool holds, from their creation to their end. */
function trackConnections(pool: pg.Pool): Set<pg.PoolClient> {
  const connections = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    connections.add(client);
    client.once('end', () => connections.delete(client));
  });
  return connections;
}

/**
 * Migrates while holding a lock on a connection of its own: server processes starting together on
 * one PostgreSQL would otherwise race to create the same tables and record the same migrations.
 */
async function migrateExclusively(url: string, db: Parameters<typeof migratePg>[0]): Promise<void> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query(`select pg_advisory_lock(${MIGRATION_LOCK_SQL})`);
    await migratePg(db, { migrationsFolder });
    await lock.query(`select pg_advisory_unlock(${MIGRATION_LOCK_SQL})`);
  } finally {
    // Ending the session also releases the lock when the migration failed.
    await lock.end();
  }
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseConnection> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    const connections = trackConnections(pool);
    const db = drizzlePg({ client: pool, schema });
    await migrateExclusively(options.url, db);
    return {
      db: db as unknown as Database,
      kind: 'postgres',
      close: () => closePool(pool, connections),
      listen: (channel, listenOptions) => listen(options.url, channel, listenOptions),
      openBroadcastPool: (log) => openBroadcastPool(options.url, log),
    };
  }
  const client = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir);
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Database, kind: 'pglite', close: () => client.close() };
}
