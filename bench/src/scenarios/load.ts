import * as Y from 'yjs';
import { config } from '../config.ts';
import type { BoardClient, Transport } from '../harness/client.ts';
import { CardShuffle } from '../harness/fanout.ts';
import { ObeyaTransport } from '../harness/obeya-client.ts';
import { RelayTransport } from '../harness/relay-client.ts';
import type { Row, ScenarioResult, Target } from '../report.ts';
import { median, progress, secondsSince } from '../stats.ts';
import { createBoard, fillBoards, runCommands, startObeya, type BoardLayout, type Obeya } from '../systems/obeya.ts';
import { startRelay } from '../systems/relay.ts';
import type { Context } from './common.ts';

interface Loaded {
  /** First load after the server started: Obeya reads the board from the database. */
  coldMs: number | null;
  /** Median of loads while the board is in the server's memory. */
  warmMs: number;
  syncBytes: number;
  /** The replica's whole state once loaded, re-encoded: the same content on both systems. */
  stateBytes: number;
}

/**
 * Leaves the server alone for a minute, as a night would: it tidies a board nobody used for 30 s
 * (checking every 30 s), starting a busy board's document afresh. Returns once the board's stored
 * epoch changed, or after 65 s.
 */
async function quietMinute(obeya: Obeya, boardId: string): Promise<void> {
  const before = (await obeya.database.storedRows(boardId))?.epoch;
  const until = performance.now() + 65_000;
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if ((await obeya.database.storedRows(boardId))?.epoch !== before) return;
  }
}

/** Opens and closes one client on the board: its load time, sync size, and replica. */
async function loadOnce(
  transport: Transport,
  boardId: string,
): Promise<{ ms: number; sync: number; state: Uint8Array }> {
  const client = await transport.connect(boardId);
  const result = { ms: client.loadMs, sync: client.syncBytes, state: Y.encodeStateAsUpdate(client.doc) };
  client.close();
  return result;
}

async function warmLoads(
  transport: Transport,
  boardId: string,
): Promise<{ ms: number; sync: number; state: Uint8Array }> {
  const loads = [];
  for (let i = 0; i < config.load.warmLoads; i++) loads.push(await loadOnce(transport, boardId));
  const last = loads.at(-1)!;
  return { ms: median(loads.map((l) => l.ms)), sync: last.sync, state: last.state };
}

const kib = (bytes: number) => bytes / 1024;

/**
 * Board load time and initial sync size for a new board of each size and for a board that had a
 * month of moves, with as many cards as the smaller new one. Obeya is measured cold (the first
 * load after a restart, read from the database) and warm; the relay, which keeps documents only
 * in memory, warm only.
 */
export async function load(ctx: Context): Promise<ScenarioResult> {
  const c = config.load;
  const [small = 0, big = 0] = c.sizes;
  const monthMoves = c.monthDays * c.movesPerDay;
  const setupTimes: ScenarioResult['setupTimes'] = [];
  let t = performance.now();
  const obeya = await startObeya(ctx.databaseUrl);
  const kinds = [
    { key: 'small', label: `${small.toLocaleString('en-US')} cards, new board`, cards: small },
    { key: 'month', label: `${small.toLocaleString('en-US')} cards after a month of moves`, cards: small },
    { key: 'big', label: `${big.toLocaleString('en-US')} cards, new board`, cards: big },
  ] as const;
  const layouts = new Map<string, BoardLayout>();
  const obeyaLoads = new Map<string, Loaded>();
  const stored = new Map<string, { rows: number; bytes: number } | null>();
  const seeds = new Map<string, Uint8Array>();
  let warmUp: BoardLayout;
  try {
    setupTimes.push({ what: 'start Obeya', seconds: secondsSince(t) });
    for (const kind of kinds) layouts.set(kind.key, await createBoard(obeya, kind.label));
    warmUp = await createBoard(obeya, 'Warm-up');

    progress(`filling a board with ${big} cards through card:create`);
    t = performance.now();
    await fillBoards(obeya, [layouts.get('big')!], big);
    setupTimes.push({ what: `${big} cards into one board`, seconds: secondsSince(t) });
    progress(`filling two boards with ${small} cards each`);
    t = performance.now();
    const [, , monthCards = []] = await fillBoards(
      obeya,
      [warmUp, layouts.get('small')!, layouts.get('month')!],
      [10, small, small],
    );
    setupTimes.push({ what: `${small} + ${small} cards into two boards`, seconds: secondsSince(t) });

    progress(`a month of activity: ${c.monthDays} days × ${c.movesPerDay} moves`);
    t = performance.now();
    const month = layouts.get('month')!;
    const shuffle = new CardShuffle(monthCards, month.todo, month.done);
    const moves = Array.from({ length: monthMoves }, () => {
      const { cardId, to } = shuffle.take();
      return { name: 'card:move', payload: { boardId: month.boardId, cardId, toColumnId: to } };
    });
    await runCommands(obeya, moves);
    setupTimes.push({ what: `${monthMoves} moves on the month board`, seconds: secondsSince(t) });
    progress('a quiet minute, as a night would be (the server tidies boards nobody used for 30 s)');
    t = performance.now();
    await quietMinute(obeya, month.boardId);
    setupTimes.push({ what: 'the quiet minute', seconds: secondsSince(t) });
    for (const kind of kinds) stored.set(kind.key, await obeya.database.storedRows(layouts.get(kind.key)!.boardId));

    // A restart empties the server's memory: the next load of each board reads the database.
    progress('restarting the Obeya server, then loading each board');
    const node = obeya.cluster.node(0);
    await node.stop();
    await node.start();
    const transport = new ObeyaTransport(obeya.urls, obeya.token);
    // The first join of a fresh process also pays for its code warming up: not a board's cost.
    await loadOnce(transport, warmUp.boardId);
    for (const kind of kinds) {
      const cold = await loadOnce(transport, layouts.get(kind.key)!.boardId);
      obeyaLoads.set(kind.key, {
        coldMs: cold.ms,
        warmMs: NaN,
        syncBytes: cold.sync,
        stateBytes: cold.state.byteLength,
      });
    }
    for (const kind of kinds) {
      const warm = await warmLoads(transport, layouts.get(kind.key)!.boardId);
      const loaded = obeyaLoads.get(kind.key)!;
      loaded.warmMs = warm.ms;
      seeds.set(kind.key, warm.state);
    }
  } finally {
    await obeya.stop();
  }

  progress('the relay: the same boards, seeded from Obeya, then loaded');
  const relay = await startRelay();
  const relayLoads = new Map<string, Loaded>();
  const seeders: BoardClient[] = [];
  try {
    const transport = new RelayTransport(relay.urls);
    // Each board's first client brings its content and stays, so the relay keeps the document.
    for (const kind of kinds) {
      seeders.push(await transport.connect(layouts.get(kind.key)!.boardId, { seed: seeds.get(kind.key)! }));
    }
    await loadOnce(transport, layouts.get('small')!.boardId);
    for (const kind of kinds) {
      const warm = await warmLoads(transport, layouts.get(kind.key)!.boardId);
      relayLoads.set(kind.key, {
        coldMs: null,
        warmMs: warm.ms,
        syncBytes: warm.sync,
        stateBytes: warm.state.byteLength,
      });
    }
  } finally {
    seeders.forEach((s) => s.close());
    await relay.stop();
  }

  const rows: Row[] = [];
  for (const kind of kinds) {
    const o = obeyaLoads.get(kind.key)!;
    const r = relayLoads.get(kind.key)!;
    const s = stored.get(kind.key);
    rows.push(
      { metric: `**${kind.label}**: first load after a server start`, unit: 'ms', obeya: o.coldMs, relay: null },
      { metric: `… load, board in memory (median of ${c.warmLoads})`, unit: 'ms', obeya: o.warmMs, relay: r.warmMs },
      { metric: '… initial sync message', unit: 'KiB', obeya: kib(o.syncBytes), relay: kib(r.syncBytes) },
      { metric: '… replica state once loaded', unit: 'KiB', obeya: kib(o.stateBytes), relay: kib(r.stateBytes) },
    );
    if (s) {
      rows.push({
        metric: '… stored as (rows / KiB in board_updates)',
        unit: '',
        obeya: `${s.rows} / ${kib(s.bytes).toFixed(0)}`,
        relay: 'memory only',
      });
    }
  }
  const fresh = obeyaLoads.get('small')!;
  const old = obeyaLoads.get('month')!;
  const within = (name: string, a: number, b: number, factor: number, unit: string): Target => ({
    name: `a board after a month loads as fast as a new one: ${name} within ${factor}×`,
    holds: a <= factor * b,
    detail: `${a.toFixed(unit === 'KiB' ? 1 : 0)} vs ${b.toFixed(unit === 'KiB' ? 1 : 0)} ${unit}, ${(a / b).toFixed(2)}×`,
  });
  const targets: Target[] = [
    within('first load', old.coldMs ?? NaN, fresh.coldMs ?? NaN, 1.5, 'ms'),
    within('load in memory', old.warmMs, fresh.warmMs, 1.5, 'ms'),
    within('initial sync size', kib(old.syncBytes), kib(fresh.syncBytes), 1.25, 'KiB'),
  ];
  return {
    id: 'load',
    title: 'Board load time and initial sync size',
    setup: `Load time is from opening the connection to having the whole board (Obeya: socket.io handshake, \`board:join\`, sync step 2 applied; relay: WebSocket, sync step 2 applied). The month board has had ${c.monthDays} days × ${c.movesPerDay} = ${monthMoves} moves through the referee (made in one go: the timestamps are today's), then left alone for up to a minute as a night would leave it. The relay holds each board as Obeya's replica had it, brought by a first client that stays connected.`,
    rows,
    targets,
    setupTimes,
    notes: [
      'Cards are created with `card:create` commands from parallel unjoined sockets (no bulk path exists; each card is one validated, committed command).',
    ],
  };
}
