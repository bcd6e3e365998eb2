import { PROTOCOL_VERSION, type CommandAck } from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { Cluster } from '../../../apps/server/test/cluster.ts';
import { stopOnExit } from '../cleanup.ts';
import { config } from '../config.ts';
import { mapLimit, sleep } from '../stats.ts';
import { createDatabase, type Database } from './database.ts';

/** One or more Obeya server processes on a fresh PostgreSQL database, and a token to use them. */
export interface Obeya {
  cluster: Cluster;
  database: Database;
  urls: string[];
  token: string;
  /** Server process ids, one per node. */
  pids: () => number[];
  stop: () => Promise<void>;
}

/** The ids a scenario needs of a board made from the `basic` template. */
export interface BoardLayout {
  boardId: string;
  /** "To do" and "Done" have no WIP limit: moves between them are validated and always admitted. */
  todo: string;
  done: string;
  lane: string;
}

/**
 * Starts `nodes` server processes (as `pnpm start` runs them) on a new database (PostgreSQL when
 * `serverUrl` is given, else PGlite) and signs up the owner.
 */
export async function startObeya(
  serverUrl: string | undefined,
  nodes = 1,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Obeya> {
  const database = await createDatabase(serverUrl);
  let cluster: Cluster;
  try {
    cluster = await Cluster.start(nodes, {
      ...database.env,
      WEB_DIST: '',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    });
  } catch (err) {
    await database.drop();
    throw err;
  }
  const stop = stopOnExit(async () => {
    await cluster.stop();
    await database.drop();
  });
  try {
    const token = await ownerToken(cluster.urls[0] ?? '');
    const pids = () => cluster.nodes.map((n) => n.pid ?? 0);
    return { cluster, database, urls: cluster.urls, token, pids, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A REST call as a script makes it (bearer token), or with a cookie from our own origin. */
export async function rest<T>(
  url: string,
  method: string,
  path: string,
  auth: { token?: string; cookie?: string },
  body?: unknown,
): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = { origin: url };
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

/**
 * One account and a personal access token that every client uses: sign-ups are throttled to 30
 * per address an hour, and each connection is still authenticated and role-checked on its own.
 */
async function ownerToken(url: string): Promise<string> {
  const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
  const signup = await rest(
    url,
    'POST',
    '/api/auth/signup',
    {},
    { email, password: 'correct horse battery', name: 'Bench' },
  );
  const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = await rest<{ secret: string }>(url, 'POST', '/api/tokens', { cookie }, { name: 'bench' });
  return token.body.secret;
}

interface RestBoard {
  columns: Array<{ id: string; name: string }>;
  lanes: Array<{ id: string }>;
}

/** Creates a `basic` board through the REST API. */
export async function createBoard(obeya: Obeya, name: string): Promise<BoardLayout> {
  const url = obeya.urls[0] ?? '';
  const auth = { token: obeya.token };
  const created = await rest<{ board: { id: string } }>(url, 'POST', '/api/boards', auth, { name, template: 'basic' });
  const boardId = created.body.board.id;
  const { board } = (await rest<{ board: RestBoard }>(url, 'GET', `/api/boards/${boardId}`, auth)).body;
  // Columns come in display order: To do, Doing (hard limit 3), Done.
  const [todo, , done] = board.columns;
  const lane = board.lanes[0];
  if (!todo || !done || !lane) throw new Error('unexpected board template');
  return { boardId, todo: todo.id, done: done.id, lane: lane.id };
}

export async function createBoards(obeya: Obeya, count: number, prefix: string): Promise<BoardLayout[]> {
  return mapLimit(
    Array.from({ length: count }, (_, i) => i),
    8,
    (i) => createBoard(obeya, `${prefix} ${i + 1}`),
  );
}

/**
 * A socket that sends commands without joining any board, so it receives no broadcasts: the
 * setup's writers. Paced within the server's per-connection message limit.
 */
export class CommandSocket {
  private readonly socket: Socket;
  private last = 0;

  private constructor(url: string, token: string) {
    this.socket = io(url, {
      auth: { protocol: PROTOCOL_VERSION, token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
  }

  static async open(url: string, token: string): Promise<CommandSocket> {
    const s = new CommandSocket(url, token);
    await new Promise<void>((resolve, reject) => {
      s.socket.once('connect', resolve);
      s.socket.once('connect_error', reject);
    });
    return s;
  }

  async command(name: string, payload: Record<string, unknown>): Promise<CommandAck> {
    const wait = this.last + config.clientMinGapMs - performance.now();
    if (wait > 0) await sleep(wait);
    this.last = performance.now();
    return (await this.socket.timeout(60_000).emitWithAck(name, { opId: randomUUID(), ...payload })) as CommandAck;
  }

  close(): void {
    this.socket.close();
  }
}

/** Runs `jobs` through `writers` command sockets in parallel (spread over the nodes); throws on a refusal. */
export async function runCommands(
  obeya: Obeya,
  jobs: ReadonlyArray<{ name: string; payload: Record<string, unknown> }>,
  writers = config.writers,
): Promise<CommandAck[]> {
  const sockets = await Promise.all(
    Array.from({ length: Math.min(writers, jobs.length) }, (_, i) =>
      CommandSocket.open(obeya.urls[i % obeya.urls.length] ?? '', obeya.token),
    ),
  );
  try {
    let next = 0;
    const acks = new Array<CommandAck>(jobs.length);
    await Promise.all(
      sockets.map(async (socket) => {
        while (next < jobs.length) {
          const i = next++;
          const job = jobs[i]!;
          const ack = await socket.command(job.name, job.payload);
          if (!ack.ok) throw new Error(`${job.name} refused: ${ack.error.code} ${ack.error.message}`);
          acks[i] = ack;
        }
      }),
    );
    return acks;
  } finally {
    sockets.forEach((s) => s.close());
  }
}

/**
 * Fills boards with cards in "To do" through `card:create` commands (there is no bulk path: every
 * card goes through the referee). Boards are filled in parallel; answers the card ids per board.
 */
export async function fillBoards(
  obeya: Obeya,
  boards: readonly BoardLayout[],
  perBoard: number | readonly number[],
): Promise<string[][]> {
  const count = (b: number) => (typeof perBoard === 'number' ? perBoard : (perBoard[b] ?? 0));
  const most = Math.max(...boards.map((_, b) => count(b)));
  // Round-robin over boards, so parallel writers hold different boards' locks.
  const jobs: Array<{ board: number; name: string; payload: Record<string, unknown> }> = [];
  for (let i = 0; i < most; i++) {
    boards.forEach((b, board) => {
      if (i >= count(board)) return;
      const title = `Card ${i + 1}: something to do for the team`;
      jobs.push({ board, name: 'card:create', payload: { boardId: b.boardId, columnId: b.todo, title } });
    });
  }
  const acks = await runCommands(obeya, jobs);
  const ids = boards.map((): string[] => []);
  jobs.forEach((job, i) => {
    const ack = acks[i];
    if (ack?.ok && ack.createdId) ids[job.board]?.push(ack.createdId);
  });
  return ids;
}
