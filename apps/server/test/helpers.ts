import { openDatabase, type DatabaseConnection, type DatabaseOptions } from '@obeya/db';
import type { CommandInput, CommandName } from '@obeya/domain';
import {
  BoardReplica,
  PROTOCOL_VERSION,
  readBoard,
  type ClientToServerEvents,
  type CommandAck,
  type PresenceEntry,
  type ServerToClientEvents,
  type User,
} from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type * as Y from 'yjs';
import { buildApp, type AppDeps } from '../src/app.ts';
import type { BoardFeed } from '../src/realtime/board-feed.ts';
import type { BoardRegistry } from '../src/realtime/board-registry.ts';
import type { CardRegistry } from '../src/realtime/card-room.ts';
import type { Services } from '../src/services/index.ts';
import type { Principal } from '../src/services/principal.ts';

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

export interface RunningServer extends Services {
  url: string;
  port: number;
  registry: BoardRegistry;
  cardRegistry: CardRegistry;
  /** Other nodes' commits reaching this one: only on PostgreSQL. */
  feed: BoardFeed | null;
  apiRoutes: string[];
  database: DatabaseConnection;
  close: () => Promise<void>;
}

/** Builds and starts the real server on loopback, on a free port unless one is given. */
export async function startServer(
  store: Store,
  port = 0,
  {
    seedDemo = false,
    trustProxy,
    ...options
  }: Pick<AppDeps, 'authPolicy' | 'gateway' | 'clock' | 'contentLimits'> & {
    seedDemo?: boolean;
    trustProxy?: string[];
  } = {},
): Promise<RunningServer> {
  const database = await openDatabase(store.options);
  const { app, boards, accounts, access, content, registry, cardRegistry, feed, apiRoutes } = await buildApp({
    config: { logLevel: 'silent', webDist: null, seedDemo, ...(trustProxy ? { trustProxy } : {}) },
    database,
    ...options,
  });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    boards,
    accounts,
    access,
    content,
    registry,
    cardRegistry,
    feed,
    apiRoutes,
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

/** A person with an account: their session cookie and a personal access token. */
export interface TestUser {
  user: User;
  cookie: string;
  token: string;
}

/** A REST call as a browser (cookie, same origin) or a script (token) makes it. */
export async function api(
  server: { url: string },
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string; token?: string; headers?: Record<string, string> } = {},
  // The tests' assertions check the shape of each answer; `any` lets them reach into it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { origin: server.url, ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers };
}

export const PASSWORD = 'correct horse battery';

/** Signs a new person up through the API and gives them a personal access token. */
export async function signUp(server: { url: string }, name: string): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@example.test`;
  const res = await api(server, 'POST', '/api/auth/signup', { body: { email, password: PASSWORD, name } });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = await api(server, 'POST', '/api/tokens', { cookie, body: { name: 'tests' } });
  return { user: res.body.user, cookie, token: token.body.secret };
}

/** The person as the services see them, to set up a test through a service directly. */
export function principal(person: TestUser): Principal {
  return { kind: 'user', user: person.user, credential: { kind: 'apiToken', id: 'test-setup' } };
}

/** The actor for commands a test runs on the service directly. */
export const TEST_ACTOR = { id: 'test', name: 'Test' };

/** A board owned (as admin) by the given person. */
export async function boardOf(server: RunningServer, owner: TestUser, name = 'Board'): Promise<string> {
  const board = await server.boards.createBoard(name, 'basic', { actor: owner.user, owner: owner.user.id });
  return board.id;
}

/** How a test client proves who it is: a token, or a session cookie as a browser would. */
export type ClientAuth = { token: string } | { cookie: string; origin?: string };

/** A real socket.io client that keeps a replica of one board, as the browser does. */
export class TestClient {
  readonly replica = new BoardReplica();
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  presence: PresenceEntry[] = [];
  role: string | null = null;
  joins = 0;
  readonly errors: string[] = [];

  constructor(
    url: string,
    readonly boardId: string,
    auth: ClientAuth,
  ) {
    this.socket = io(url, {
      auth: 'token' in auth ? { protocol: PROTOCOL_VERSION, token: auth.token } : { protocol: PROTOCOL_VERSION },
      extraHeaders: 'cookie' in auth ? { cookie: auth.cookie, ...(auth.origin ? { origin: auth.origin } : {}) } : {},
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
      ackTimeout: 10_000,
      retries: 20,
    });
    this.socket.on('connect', () => void this.join());
    this.socket.on('board:synced', ({ boardId, epoch, message }) => {
      if (boardId === this.boardId) this.replica.apply(epoch, message);
    });
    this.socket.on('board:presence', ({ boardId, people }) => {
      if (boardId === this.boardId) this.presence = people;
    });
    this.socket.on('board:access', ({ boardId, role }) => {
      if (boardId === this.boardId) this.role = role;
    });
    this.socket.on('error:raised', (rejection) => this.errors.push(rejection.code));
  }

  private async join(): Promise<void> {
    const ack = await this.replica.join((request) => this.socket.emitWithAck('board:join', request), this.boardId);
    if (!ack.ok) {
      this.errors.push(ack.error.code);
      return;
    }
    this.presence = ack.presence;
    this.role = ack.role;
    this.joins += 1;
  }

  /** Connects and waits for the first sync. */
  static async connect(url: string, boardId: string, auth: ClientAuth): Promise<TestClient> {
    const client = new TestClient(url, boardId, auth);
    let refused = '';
    client.socket.on('connect_error', (err) => (refused = err.message));
    await waitFor(() => client.joins > 0 || client.errors.length > 0 || refused !== '', 'the first sync');
    if (client.joins === 0) {
      client.close();
      throw new Error(`could not join: ${refused || client.errors.join(', ')}`);
    }
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
    this.replica.destroy();
  }

  /** The replica's document now (replaced when the server starts the board's document afresh). */
  get doc(): Y.Doc {
    return this.replica.doc;
  }
}

/**
 * Everything a board document holds: each root map, by name (a board document has only maps).
 * Empty ones are left out: a document lists a root as soon as code asks for it, even unused.
 */
export const boardContent = (doc: Y.Doc) =>
  Object.fromEntries(
    [...doc.share.keys()].filter((name) => doc.getMap(name).size > 0).map((name) => [name, doc.getMap(name).toJSON()]),
  );

/** Sorted, comparable view of a board's cards: what must be equal on every replica. */
export function cardsOf(board: ReturnType<typeof readBoard>) {
  return board.cards
    .map((c) => ({ id: c.id, title: c.title, columnId: c.columnId, laneId: c.laneId, rank: c.rank }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
