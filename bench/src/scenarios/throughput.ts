import { config } from '../config.ts';
import type { BoardClient, SystemName } from '../harness/client.ts';
import { CardShuffle } from '../harness/fanout.ts';
import { ObeyaTransport } from '../harness/obeya-client.ts';
import { RelayTransport } from '../harness/relay-client.ts';
import { profileEnv, profileWindow } from '../profiling.ts';
import { combineUsage, SelfSampler, UsageSampler, type Usage } from '../proc.ts';
import type { Row, ScenarioResult } from '../report.ts';
import { progress, secondsSince, summarise } from '../stats.ts';
import { createBoards, fillBoards, startObeya, type Obeya } from '../systems/obeya.ts';
import { startRelay, type Relay } from '../systems/relay.ts';
import {
  closeAll,
  closedLoop,
  connectAll,
  describeCounts,
  seedOf,
  systems,
  type ClosedLoopResult,
  type Context,
} from './common.ts';

interface Shape {
  name: string;
  boards: number;
  clientsPerBoard: number;
}

interface Measured {
  loop: ClosedLoopResult;
  usage: Usage;
  /** The clients' own process: on two cores it competes with the server. */
  harness: Usage;
}

/** Merges the two rounds of one system. */
function merge(rounds: readonly Measured[]): {
  admitted: number;
  seconds: number;
  answers: number[];
  refused: Map<string, number>;
  usage: Usage;
  harness: Usage;
} {
  const refused = new Map<string, number>();
  for (const r of rounds) for (const [k, n] of r.loop.refused) refused.set(k, (refused.get(k) ?? 0) + n);
  return {
    admitted: rounds.reduce((n, r) => n + r.loop.admitted, 0),
    seconds: rounds.reduce((n, r) => n + r.loop.seconds, 0),
    answers: rounds.flatMap((r) => r.loop.answers),
    refused,
    usage: combineUsage(rounds.map((r) => r.usage)),
    harness: combineUsage(rounds.map((r) => r.harness)),
  };
}

/**
 * One shape (boards × clients), both systems: Obeya's boards are made and filled, every client
 * joins its board, the relay gets the same boards (seeded from Obeya's), then each system in turn
 * moves cards as fast as it answers, in two alternating rounds.
 */
async function measureShape(
  ctx: Context,
  obeya: Obeya,
  relay: Relay,
  shape: Shape,
  setupTimes: ScenarioResult['setupTimes'],
) {
  const c = config.throughput;
  let t = performance.now();
  const boards = await createBoards(obeya, shape.boards, shape.name);
  const cards = await fillBoards(obeya, boards, shape.clientsPerBoard * c.cardsPerClient);
  setupTimes.push({
    what: `${shape.name}: ${shape.boards} board(s) with ${shape.clientsPerBoard * c.cardsPerClient} cards`,
    seconds: secondsSince(t),
  });
  t = performance.now();
  const specs = boards.flatMap((b) => Array.from({ length: shape.clientsPerBoard }, () => ({ boardId: b.boardId })));
  const clients: Record<SystemName, BoardClient[]> = { obeya: [], relay: [] };
  try {
    clients.obeya = await connectAll(new ObeyaTransport(obeya.urls, obeya.token), specs, 20);
    const relayTransport = new RelayTransport(relay.urls);
    // The first client of each board brings Obeya's board content to the relay.
    clients.relay = await connectAll(
      relayTransport,
      specs.map((s, i) => (i % shape.clientsPerBoard === 0 ? { ...s, seed: seedOf(clients.obeya[i]!) } : s)),
      1,
    );
    setupTimes.push({
      what: `${shape.name}: connect ${specs.length} + ${specs.length} clients`,
      seconds: secondsSince(t),
    });

    // Each client moves its own cards between the two unlimited columns.
    const shuffles = (system: SystemName) =>
      clients[system].map((client, i) => {
        const b = Math.floor(i / shape.clientsPerBoard);
        const own = (cards[b] ?? []).slice((i % shape.clientsPerBoard) * c.cardsPerClient).slice(0, c.cardsPerClient);
        const layout = boards[b]!;
        return { client, shuffle: new CardShuffle(own, layout.todo, layout.done), lane: layout.lane };
      });
    const plan = { obeya: shuffles('obeya'), relay: shuffles('relay') };
    const pids = { obeya: obeya.pids()[0] ?? 0, relay: relay.pid };
    const rounds: Record<SystemName, Measured[]> = { obeya: [], relay: [] };
    for (let round = 0; round < 2; round++) {
      for (const system of systems) {
        progress(`throughput ${shape.name}: ${system}, round ${round + 1} of 2`);
        const sampler = new UsageSampler(pids[system]);
        const self = new SelfSampler();
        const window =
          system === 'obeya' ? profileWindow(ctx, `throughput, ${shape.name}`, [pids.obeya]) : () => undefined;
        const loop = await closedLoop({
          clients: plan[system].map((p) => p.client),
          shuffles: plan[system].map((p) => p.shuffle),
          lanes: plan[system].map((p) => p.lane),
          warmupSeconds: c.warmupSeconds,
          seconds: c.seconds / 2,
        });
        window();
        rounds[system].push({ loop, usage: sampler.stop(), harness: self.stop() });
      }
    }
    return { obeya: merge(rounds.obeya), relay: merge(rounds.relay), clients: specs.length };
  } finally {
    closeAll([...clients.obeya, ...clients.relay]);
  }
}

/**
 * Admitted moves per second on PostgreSQL: one hot board, and many boards at once. Every client
 * is a joined board member (it receives every broadcast, as a browser would) sending its next
 * move once the previous one is answered, within the per-connection message limit.
 */
export async function throughput(ctx: Context): Promise<ScenarioResult> {
  const c = config.throughput;
  const setupTimes: ScenarioResult['setupTimes'] = [];
  const t = performance.now();
  const obeya = await startObeya(ctx.databaseUrl, 1, profileEnv(ctx));
  const relay = await startRelay();
  setupTimes.push({ what: 'start both servers', seconds: secondsSince(t) });
  try {
    const shapes: Shape[] = [
      { name: 'one hot board', ...c.hot },
      { name: `${c.spread.boards} boards at once`, ...c.spread },
    ];
    const rows: Row[] = [];
    for (const shape of shapes) {
      const m = await measureShape(ctx, obeya, relay, shape, setupTimes);
      const both = <T>(f: (s: SystemName) => T) => ({ obeya: f('obeya'), relay: f('relay') });
      const answers = both((s) => summarise(m[s].answers));
      const cap = m.clients * (1000 / config.clientMinGapMs);
      rows.push(
        {
          metric: `**${shape.name}** (${shape.boards} × ${shape.clientsPerBoard} clients): admitted moves/s`,
          unit: '/s',
          ...both((s) => m[s].admitted / m[s].seconds),
        },
        {
          metric: `… client pacing cap (${m.clients} clients × 20/s)`,
          unit: '/s',
          obeya: cap,
          relay: cap,
          ratio: false,
        },
        { metric: '… answer p50', unit: 'ms', ...both((s) => answers[s].p50) },
        { metric: '… answer p99', unit: 'ms', ...both((s) => answers[s].p99) },
        { metric: '… refused', unit: '', ...both((s) => describeCounts(m[s].refused)) },
        { metric: '… server CPU (one core = 100 %)', unit: '%', ...both((s) => m[s].usage.cpuPercent) },
        { metric: '… server RSS, peak', unit: 'MiB', ...both((s) => m[s].usage.peakRssMiB) },
        {
          metric: '… client harness CPU (all clients, one process)',
          unit: '%',
          ...both((s) => m[s].harness.cpuPercent),
        },
      );
    }
    return {
      id: 'throughput',
      title: 'Admitted moves per second',
      setup: `Closed loop: each client moves its own ${c.cardsPerClient} cards between two columns without WIP limits, sending the next move when the previous one is answered (Obeya: validated and committed in ${obeya.database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}; relay: applied), at most one every ${config.clientMinGapMs} ms per connection (Obeya's per-connection limit). ${c.seconds} s measured per system after ${c.warmupSeconds} s warm-up, in two alternating rounds.`,
      rows,
      targets: [],
      setupTimes,
      notes: [
        'The relay validates nothing and stores nothing. On two cores its figure is bounded by the client harness as much as by the relay: every admitted move is applied by every other client on the board, in the one harness process.',
        "Obeya's answers wait in the board's queue: with every client waiting on one board, answer time ≈ clients ÷ admitted moves per second (Little's law); one writer per board is what makes WIP limits hold.",
      ],
    };
  } finally {
    await Promise.all([obeya.stop(), relay.stop()]);
  }
}
