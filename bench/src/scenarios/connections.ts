import { config } from '../config.ts';
import type { BoardClient, SystemName } from '../harness/client.ts';
import { CardShuffle, FanoutTracker } from '../harness/fanout.ts';
import { ObeyaTransport } from '../harness/obeya-client.ts';
import { RelayTransport } from '../harness/relay-client.ts';
import { profileEnv, profileWindow } from '../profiling.ts';
import { rssMiB, SelfSampler, sumUsage, UsageSampler, type Usage } from '../proc.ts';
import type { Row, ScenarioResult, Target } from '../report.ts';
import { progress, secondsSince, summarise, type Summary } from '../stats.ts';
import { createBoards, fillBoards, startObeya, type BoardLayout } from '../systems/obeya.ts';
import { startRelay } from '../systems/relay.ts';
import { closeAll, connectAll, describeCounts, dropped, openLoop, seedOf, type Context } from './common.ts';

/** What one system's run of the scenario measured. */
interface Run {
  clients: number;
  connectSeconds: number;
  idleRssMiB: number;
  same: Summary;
  cross: Summary;
  all: Summary;
  missed: number;
  missedDetail: string;
  refused: string;
  dropped: number;
  server: Usage;
  perNode: Usage[];
  harness: Usage;
}

/**
 * The trickle: clients connected to their boards (for two nodes, the first half of each board's
 * clients on node 0, the rest on node 1), one move per board every few seconds, staggered over
 * the boards. Movers are node 0's clients, so node 1's clients see other nodes' moves.
 */
async function trickle(
  system: SystemName,
  connect: (specs: Array<{ boardId: string; node: number; seed?: Uint8Array }>) => Promise<BoardClient[]>,
  boards: readonly BoardLayout[],
  cards: readonly string[][],
  nodes: number,
  pids: readonly number[],
  /** Ends the profile window (Obeya with --profile). */
  window: () => () => void = () => () => undefined,
): Promise<{ run: Run; clients: BoardClient[] }> {
  const c = config.connections;
  const t = performance.now();
  const nodeOf = (j: number) => (nodes === 2 && j >= c.clientsPerBoard / 2 ? 1 : 0);
  const specs = boards.flatMap((b) =>
    Array.from({ length: c.clientsPerBoard }, (_, j) => ({ boardId: b.boardId, node: nodeOf(j) })),
  );
  const clients = await connect(specs);
  const connectSeconds = secondsSince(t);
  const idleRssMiB = pids.reduce((n, pid) => n + rssMiB(pid), 0);
  const tracker = new FanoutTracker();
  clients.forEach((client) => tracker.watch(client));
  const movers = boards.map((_, b) =>
    clients.slice(b * c.clientsPerBoard, (b + 1) * c.clientsPerBoard).filter((x) => x.node === 0),
  );
  const periodMs = c.moveEveryMs / boards.length;
  progress(
    `${system}: ${clients.length} clients connected in ${connectSeconds.toFixed(0)} s; trickle of moves for ${c.seconds} s`,
  );
  const samplers = pids.map((pid) => new UsageSampler(pid));
  const self = new SelfSampler();
  const endWindow = window();
  await openLoop({
    tracker,
    movers,
    shuffles: boards.map((b, i) => new CardShuffle(cards[i] ?? [], b.todo, b.done)),
    lanes: boards.map((b) => b.lane),
    periodMs,
    warmup: Math.round((c.warmupSeconds * 1000) / periodMs),
    measured: Math.round((c.seconds * 1000) / periodMs),
  });
  endWindow();
  const perNode = samplers.map((s) => s.stop());
  const run: Run = {
    clients: clients.length,
    connectSeconds,
    idleRssMiB,
    same: summarise(tracker.sameNode),
    cross: summarise(tracker.crossNode),
    all: summarise(tracker.deliveries),
    missed: tracker.missed,
    missedDetail: tracker.missedSummary(),
    refused: describeCounts(tracker.refused),
    dropped: dropped(clients),
    server: sumUsage(perNode),
    perNode,
    harness: self.stop(),
  };
  return { run, clients };
}

/** The relay's run (one node: Hocuspocus without Redis cannot share documents between processes). */
async function relayRun(boards: readonly BoardLayout[], cards: readonly string[][], seeds: Uint8Array[]): Promise<Run> {
  const relay = await startRelay();
  let clients: BoardClient[] = [];
  try {
    const transport = new RelayTransport(relay.urls);
    const result = await trickle(
      'relay',
      async (specs) => {
        // Each board's first client brings Obeya's board content; the others join after it.
        const per = config.connections.clientsPerBoard;
        const firsts = await connectAll(
          transport,
          boards.map((b, i) => ({ boardId: b.boardId, seed: seeds[i] })),
        );
        const rest = await connectAll(
          transport,
          specs.filter((_, i) => i % per !== 0).map((s) => ({ boardId: s.boardId })),
        );
        clients = boards.flatMap((_, b) => [firsts[b]!, ...rest.slice(b * (per - 1), (b + 1) * (per - 1))]);
        return clients;
      },
      boards,
      cards,
      1,
      [relay.pid],
    );
    return result.run;
  } finally {
    closeAll(clients);
    await relay.stop();
  }
}

/**
 * Many connections on one node (or two): boards × clients with a trickle of moves; fan-out
 * p99, server RSS and CPU. Obeya runs first and is stopped before the relay runs, so the two
 * never share the machine.
 */
export async function connections(ctx: Context, nodes: 1 | 2): Promise<ScenarioResult> {
  const c = config.connections;
  const setupTimes: ScenarioResult['setupTimes'] = [];
  let t = performance.now();
  const obeya = await startObeya(ctx.databaseUrl, nodes, profileEnv(ctx));
  let obeyaClients: BoardClient[] = [];
  let obeyaRun: Run;
  let boards: BoardLayout[];
  let cards: string[][];
  let seeds: Uint8Array[];
  try {
    setupTimes.push({ what: `start ${nodes} Obeya node(s)`, seconds: secondsSince(t) });
    t = performance.now();
    boards = await createBoards(obeya, c.boards, 'Team');
    cards = await fillBoards(obeya, boards, c.cardsPerBoard);
    setupTimes.push({ what: `${c.boards} boards with ${c.cardsPerBoard} cards each`, seconds: secondsSince(t) });
    const transport = new ObeyaTransport(obeya.urls, obeya.token);
    const scenario = nodes === 1 ? 'connections' : 'two nodes';
    const result = await trickle(
      'obeya',
      (specs) => connectAll(transport, specs),
      boards,
      cards,
      nodes,
      obeya.pids(),
      () => profileWindow(ctx, scenario, obeya.pids()),
    );
    obeyaClients = result.clients;
    obeyaRun = result.run;
    seeds = boards.map((_, b) => seedOf(obeyaClients[b * c.clientsPerBoard]!));
  } finally {
    closeAll(obeyaClients);
    await obeya.stop();
  }

  // Two nodes compare with the relay's single node: reuse it when the one-node scenario ran already.
  const memoKey = `relay-connections-${c.boards}`;
  let relay = ctx.memo.get(memoKey) as Run | undefined;
  const reused = relay !== undefined;
  relay ??= await relayRun(boards, cards, seeds);
  ctx.memo.set(memoKey, relay);

  const o = obeyaRun;
  const r = relay;
  const rows: Row[] = [
    { metric: 'connections (boards × clients)', unit: 'count', obeya: o.clients, relay: r.clients, ratio: false },
    { metric: 'time to connect and sync them all', unit: 's', obeya: o.connectSeconds, relay: r.connectSeconds },
  ];
  if (nodes === 1) {
    rows.push(
      { metric: 'fan-out, seen by each other client, p50', unit: 'ms', obeya: o.all.p50, relay: r.all.p50 },
      { metric: 'fan-out, p99', unit: 'ms', obeya: o.all.p99, relay: r.all.p99 },
    );
  } else {
    rows.push(
      {
        metric: 'cross-node fan-out (mover on node 0, seen on node 1), p50',
        unit: 'ms',
        obeya: o.cross.p50,
        relay: r.all.p50,
      },
      { metric: 'cross-node fan-out, p99', unit: 'ms', obeya: o.cross.p99, relay: r.all.p99 },
      { metric: 'same-node fan-out (seen on node 0), p99', unit: 'ms', obeya: o.same.p99, relay: r.all.p99 },
    );
  }
  rows.push(
    { metric: 'fan-out, max', unit: 'ms', obeya: o.all.max, relay: r.all.max },
    { metric: 'deliveries measured', unit: 'count', obeya: o.all.count, relay: r.all.count, ratio: false },
    { metric: 'missed (not seen within 10 s)', unit: '', obeya: o.missedDetail, relay: r.missedDetail },
    { metric: 'refused moves', unit: '', obeya: o.refused, relay: r.refused },
    { metric: 'dropped connections', unit: 'count', obeya: o.dropped, relay: r.dropped, ratio: false },
    { metric: 'server RSS once all connected (all nodes)', unit: 'MiB', obeya: o.idleRssMiB, relay: r.idleRssMiB },
    {
      metric: 'server RSS, peak during the trickle (all nodes)',
      unit: 'MiB',
      obeya: o.server.peakRssMiB,
      relay: r.server.peakRssMiB,
    },
    {
      metric: 'server CPU during the trickle (all nodes; one core = 100 %)',
      unit: '%',
      obeya: o.server.cpuPercent,
      relay: r.server.cpuPercent,
    },
  );
  if (nodes === 2) {
    o.perNode.forEach((u, i) =>
      rows.push({
        metric: `… node ${i}: CPU / RSS peak`,
        unit: '',
        obeya: `${u.cpuPercent.toFixed(0)} % / ${u.peakRssMiB.toFixed(0)} MiB`,
        relay: '',
      }),
    );
  }
  rows.push({
    metric: 'client harness CPU (one process)',
    unit: '%',
    obeya: o.harness.cpuPercent,
    relay: r.harness.cpuPercent,
  });
  const targets: Target[] = [
    {
      name: 'every move reaches every client, no connection dropped',
      holds: o.missed === 0 && o.dropped === 0 && o.refused === 'none',
      detail: `${o.missed} missed, ${o.dropped} dropped, refused: ${o.refused}`,
    },
  ];
  const moves = `one move per board every ${c.moveEveryMs / 1000} s (${Math.round((1000 * c.boards) / c.moveEveryMs)} moves/s in all)`;
  return {
    id: nodes === 1 ? 'connections' : 'twonodes',
    title:
      nodes === 1
        ? `Concurrent connections on one node: ${c.boards} boards × ${c.clientsPerBoard} clients`
        : `Two nodes: ${c.boards} boards × ${c.clientsPerBoard} clients split between them`,
    setup:
      nodes === 1
        ? `Every client joins its board (${c.cardsPerBoard} cards); then a trickle, ${moves}, for ${c.seconds} s after ${c.warmupSeconds} s warm-up, each timed to every other client on the board.`
        : `Two Obeya processes on one PostgreSQL database (they learn each other's commits from the stored log and LISTEN/NOTIFY); half of each board's clients on each node. The movers are on node 0, so node 1's clients measure the cross-node path. The relay column is Hocuspocus on a single node with all clients (without Redis it cannot run as two nodes).`,
    headers: nodes === 1 ? undefined : { obeya: 'Obeya, 2 nodes', relay: 'relay, 1 node (baseline)' },
    rows,
    targets,
    setupTimes,
    notes: reused
      ? ['The relay column is the single-node relay run of the connections scenario above (same run).']
      : [],
  };
}
