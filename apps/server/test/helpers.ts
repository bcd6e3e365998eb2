import { openDatabase, type DatabaseConnection, type DatabaseOptions } from '@obeya/db';
import type { CommandInput, CommandName } from '@obeya/domain';
import {
  PROTOCOL_VERSION,
  applySyncMessage,
  joinBoard,
  readBoard,
  type ClientToServerEvents,
  type CommandAck,
  type ServerToClientEvents,
} from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { buildApp } from '../src/app.ts';
import type { BoardRegistry } from '../src/realtime/board-registry.ts';
import type { BoardService } from '../src/services/board-service.ts';

/** A database the tests can open, close and open again (to restart a server on it). */
export interface Store {
  kind: 'pglite' | 'postgres';
  options: DatabaseOptions;
  drop: () => Promise<void>;
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  if (process.env.CI) throw new Error('CI must provide DATABASE_URL: the server tests run against a real PostgreSQL.');
  console.warn('DATABASE_URL is not set: the server tests run on PGlite only, not on a real PostgreSQL server.');
}

/** Every database the server suite runs against: the embedded one, and PostgreSQL when available. */
export const storeKinds: Array<Store['kind']> = databaseUrl ? ['pglite', 'postgres'] : ['pglite'];

/** A fresh, empty database: a PGlite folder, or a new database on the PostgreSQL server. */
export async function createStore(kind: Store['kind']): Promise<Store> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'obeya-test-'));
    return { kind, options: { kind, dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `obeya_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(databaseUrl ?? '');
  url.pathname = `/${name}`;
  return {
    kind,
    options: { kind, url: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface RunningServer {
  url: string;
  port: number;
  boards: BoardService;
  registry: BoardRegistry;
  database: DatabaseConnection;
  close: () => Promise<void>;
}

/** Builds and starts the real server on loopback, on a free port unless one is given. */
export async function startServer(store: Store, port = 0): Promise<RunningServer> {
  const database = await openDatabase(store.options);
  const { app, boards, registry } = await buildApp({
    config: { logLevel: 'silent', webDist: null, seedDemo: false },
    database,
  });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    boards,
    registry,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** Polls until `check` holds; fails with `what` after `ms`. For convergence, never for speed. */
export async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A real socket.io client that keeps a replica of one board, as the browser does. */
export class TestClient {
  readonly doc = new Y.Doc();
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  presence = 0;
  joins = 0;

  constructor(
    url: string,
    readonly boardId: string,
  ) {
    this.socket = io(url, {
      auth: { protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
      ackTimeout: 10_000,
      retries: 20,
    });
    this.socket.on('connect', () => void this.join());
    this.socket.on('board:synced', ({ boardId, message }) => {
      if (boardId === this.boardId) applySyncMessage(this.doc, message);
    });
    this.socket.on('board:presence', ({ boardId, count }) => {
      if (boardId === this.boardId) this.presence = count;
    });
  }

  private async join(): Promise<void> {
    const ack = await joinBoard((request) => this.socket.emitWithAck('board:join', request), this.doc, this.boardId);
    if (!ack.ok) throw new Error(ack.error.message);
    this.presence = ack.presence;
    this.joins += 1;
  }

  /** Connects and waits for the first sync. */
  static async connect(url: string, boardId: string): Promise<TestClient> {
    const client = new TestClient(url, boardId);
    await waitFor(() => client.joins > 0, 'the first sync');
    return client;
  }

  board() {
    return readBoard(this.doc);
  }

  command<N extends CommandName>(name: N, fields: CommandInput<N>, opId: string = randomUUID()): Promise<CommandAck> {
    const emit = this.socket.emitWithAck as (event: string, payload: unknown) => Promise<CommandAck>;
    return emit.call(this.socket, name, { opId, boardId: this.boardId, ...fields });
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
  }
}

/** Sorted, comparable view of a board's cards: what must be equal on every replica. */
export function cardsOf(board: ReturnType<typeof readBoard>) {
  return board.cards
    .map((c) => ({ id: c.id, title: c.title, columnId: c.columnId, laneId: c.laneId, rank: c.rank }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
