import * as Y from 'yjs';
import type { BoardClient, ConnectOptions, SystemName, Transport } from '../harness/client.ts';
import type { CardShuffle, FanoutTracker } from '../harness/fanout.ts';
import { config } from '../config.ts';
import { mapLimit, progress, sleep } from '../stats.ts';

/** What every scenario gets from the command line and environment. */
export interface Context {
  /** The PostgreSQL server to create throwaway databases on; undefined runs Obeya on PGlite. */
  databaseUrl: string | undefined;
  /** Where the Obeya server writes a CPU profile (`--profile`), or null. */
  profileDir: string | null;
  /** Figures a later scenario may reuse in the same run (the relay's single node, for two nodes). */
  memo: Map<string, unknown>;
  /** Profiled server processes (by pid) and their measuring windows on the monotonic clock, µs. */
  profiles: Map<number, { scenario: string; node: number; windows: Array<[number, number]> }>;
}

export const systems: readonly SystemName[] = ['obeya', 'relay'];

/** Connects clients `concurrency` at a time; each spec is one client. On a failure, closes the others. */
export async function connectAll(
  transport: Transport,
  specs: ReadonlyArray<{ boardId: string } & ConnectOptions>,
  concurrency: number = config.connections.connectConcurrency,
): Promise<BoardClient[]> {
  const opened: BoardClient[] = [];
  try {
    return await mapLimit(specs, concurrency, async ({ boardId, ...options }) => {
      const client = await transport.connect(boardId, options);
      opened.push(client);
      if (specs.length >= 1000 && opened.length % 1000 === 0) {
        progress(`${transport.system}: ${opened.length} of ${specs.length} connected`);
      }
      return client;
    });
  } catch (err) {
    closeAll(opened);
    throw err;
  }
}

export function closeAll(clients: readonly BoardClient[]): void {
  for (const client of clients) client.close();
}

/** The board content as Obeya's client holds it, for the relay's first client to bring along. */
export function seedOf(client: BoardClient): Uint8Array {
  return Y.encodeStateAsUpdate(client.doc);
}

/**
 * Open loop: one move every `periodMs` whatever the answers, as people act independently.
 * Boards, movers and cards are taken in turn; the first `warmup` moves are not recorded.
 */
export async function openLoop(options: {
  tracker: FanoutTracker;
  /** The movers of each board, in turn. */
  movers: ReadonlyArray<readonly BoardClient[]>;
  shuffles: readonly CardShuffle[];
  lanes: readonly string[];
  periodMs: number;
  warmup: number;
  measured: number;
}): Promise<void> {
  const { tracker, movers, shuffles, lanes, periodMs, warmup, measured } = options;
  const sends: Array<Promise<void>> = [];
  const turns = movers.map(() => 0);
  const start = performance.now();
  for (let k = 0; k < warmup + measured; k++) {
    const wait = start + k * periodMs - performance.now();
    // Behind schedule (a busy event loop): send at once, so the offered rate stays the same.
    if (wait >= 1) await sleep(wait);
    const board = k % movers.length;
    const boardMovers = movers[board] ?? [];
    const mover = boardMovers[turns[board]!++ % boardMovers.length];
    const shuffle = shuffles[board];
    if (!mover || !shuffle) continue;
    const { cardId, to } = shuffle.take();
    sends.push(tracker.send(mover, cardId, to, lanes[board] ?? '', k >= warmup));
  }
  await Promise.all(sends);
}

export interface ClosedLoopResult {
  admitted: number;
  refused: Map<string, number>;
  /** Send → answer of moves answered inside the measured window, ms. */
  answers: number[];
  seconds: number;
}

/**
 * Closed loop: each client sends its next move as soon as the previous one is answered, but no
 * faster than the server's per-connection limit (a move every 50 ms). Counts the moves admitted
 * after a warm-up, during `seconds`.
 */
export async function closedLoop(options: {
  clients: readonly BoardClient[];
  /** Each client's own cards (so no two clients move the same card) and its two columns. */
  shuffles: readonly CardShuffle[];
  lanes: readonly string[];
  warmupSeconds: number;
  seconds: number;
}): Promise<ClosedLoopResult> {
  const { clients, shuffles, lanes, warmupSeconds, seconds } = options;
  const start = performance.now();
  const from = start + warmupSeconds * 1000;
  const until = from + seconds * 1000;
  const result: ClosedLoopResult = { admitted: 0, refused: new Map(), answers: [], seconds };
  await Promise.all(
    clients.map(async (client, i) => {
      const shuffle = shuffles[i];
      if (!shuffle) return;
      let last = 0;
      while (performance.now() < until) {
        const gap = last + config.clientMinGapMs - performance.now();
        if (gap > 0) await sleep(gap);
        last = performance.now();
        const { cardId, to } = shuffle.take();
        const answer = await client.move(cardId, to, lanes[i] ?? '');
        const now = performance.now();
        if (now < from || now > until) continue;
        if (answer.ok) {
          result.admitted += 1;
          result.answers.push(now - last);
        } else result.refused.set(answer.reason, (result.refused.get(answer.reason) ?? 0) + 1);
      }
    }),
  );
  return result;
}

/** "3 × RATE_LIMITED, 1 × timeout", or "none". */
export function describeCounts(counts: ReadonlyMap<string, number>): string {
  return counts.size === 0 ? 'none' : [...counts].map(([k, n]) => `${n} × ${k}`).join(', ');
}

export function dropped(clients: readonly BoardClient[]): number {
  return clients.filter((c) => c.dropped).length;
}
