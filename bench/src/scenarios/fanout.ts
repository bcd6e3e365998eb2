import { config } from '../config.ts';
import type { BoardClient, SystemName } from '../harness/client.ts';
import { CardShuffle, FanoutTracker } from '../harness/fanout.ts';
import { ObeyaTransport } from '../harness/obeya-client.ts';
import { RelayTransport } from '../harness/relay-client.ts';
import { profileEnv, profileWindow } from '../profiling.ts';
import { combineUsage, SelfSampler, UsageSampler, type Usage } from '../proc.ts';
import type { ScenarioResult } from '../report.ts';
import { median, progress, secondsSince, summarise } from '../stats.ts';
import { createBoard, fillBoards, startObeya } from '../systems/obeya.ts';
import { startRelay } from '../systems/relay.ts';
import { closeAll, connectAll, describeCounts, dropped, openLoop, seedOf, systems, type Context } from './common.ts';

function describeProbe(probe: { roundTrip: number[]; commit: number[] }): string {
  const trip = summarise(probe.roundTrip);
  const commit = summarise(probe.commit);
  return `PostgreSQL alone, measured right after: a round trip (\`select 1\`) p50 ${trip.p50.toFixed(2)} / p99 ${trip.p99.toFixed(2)} ms; a durable one-row transaction (begin, insert, commit) p50 ${commit.p50.toFixed(2)} / p99 ${commit.p99.toFixed(2)} ms.`;
}

/**
 * Fan-out latency: clients on one board, a move every 20 ms sent by each client in turn (one a
 * second each), timed from sending to every other client seeing the card in its new column.
 * Obeya and the relay alternate in rounds, with both sets of clients connected throughout.
 */
export async function fanout(ctx: Context): Promise<ScenarioResult> {
  const c = config.fanout;
  const setupTimes: ScenarioResult['setupTimes'] = [];
  let t = performance.now();
  const obeya = await startObeya(ctx.databaseUrl, 1, profileEnv(ctx));
  const relay = await startRelay();
  const clients: Record<SystemName, BoardClient[]> = { obeya: [], relay: [] };
  try {
    setupTimes.push({ what: 'start both servers', seconds: secondsSince(t) });
    t = performance.now();
    const board = await createBoard(obeya, 'Fan-out');
    const [cards = []] = await fillBoards(obeya, [board], c.cards);
    setupTimes.push({ what: `create the board with ${c.cards} cards`, seconds: secondsSince(t) });

    t = performance.now();
    const specs = Array.from({ length: c.clients }, () => ({ boardId: board.boardId }));
    clients.obeya = await connectAll(new ObeyaTransport(obeya.urls, obeya.token), specs, 10);
    const relayTransport = new RelayTransport(relay.urls);
    const seeder = await relayTransport.connect(board.boardId, { seed: seedOf(clients.obeya[0]!) });
    clients.relay = [seeder, ...(await connectAll(relayTransport, specs.slice(1), 10))];
    setupTimes.push({ what: `connect ${c.clients} + ${c.clients} clients`, seconds: secondsSince(t) });

    const trackers = { obeya: new FanoutTracker(), relay: new FanoutTracker() };
    const shuffles = {
      obeya: new CardShuffle(cards, board.todo, board.done),
      relay: new CardShuffle(cards, board.todo, board.done),
    };
    for (const system of systems) clients[system].forEach((client) => trackers[system].watch(client));
    const usage: Record<SystemName, Usage[]> = { obeya: [], relay: [] };
    const self: Record<SystemName, Usage[]> = { obeya: [], relay: [] };
    const pids = { obeya: obeya.pids()[0] ?? 0, relay: relay.pid };
    /** Each round's p99: their median shrugs off one round spoilt by a stall of the shared machine. */
    const roundP99: Record<SystemName, number[]> = { obeya: [], relay: [] };
    for (let round = 0; round < c.rounds; round++) {
      for (const system of systems) {
        progress(`fan-out: ${system}, round ${round + 1} of ${c.rounds}`);
        const before = trackers[system].deliveries.length;
        const sampler = new UsageSampler(pids[system]);
        const selfSampler = new SelfSampler();
        const window = system === 'obeya' ? profileWindow(ctx, 'fan-out', [pids.obeya]) : () => undefined;
        await openLoop({
          tracker: trackers[system],
          movers: [clients[system]],
          shuffles: [shuffles[system]],
          lanes: [board.lane],
          periodMs: c.periodMs,
          warmup: round === 0 ? c.warmupMoves : 0,
          measured: Math.ceil(c.moves / c.rounds),
        });
        window();
        roundP99[system].push(summarise(trackers[system].deliveries.slice(before)).p99);
        usage[system].push(sampler.stop());
        self[system].push(selfSampler.stop());
      }
    }

    // The floor under every commit: PostgreSQL alone, same server, same moment.
    const probe = await obeya.database.probe(200);
    const seen = { obeya: summarise(trackers.obeya.deliveries), relay: summarise(trackers.relay.deliveries) };
    const all = { obeya: summarise(trackers.obeya.allSeen), relay: summarise(trackers.relay.allSeen) };
    const acks = { obeya: summarise(trackers.obeya.acks), relay: summarise(trackers.relay.acks) };
    const server = { obeya: combineUsage(usage.obeya), relay: combineUsage(usage.relay) };
    const harness = { obeya: combineUsage(self.obeya), relay: combineUsage(self.relay) };
    const both = <T>(f: (s: SystemName) => T) => ({ obeya: f('obeya'), relay: f('relay') });
    const others = c.clients - 1;
    const limit = 1.5 * seen.relay.p99;
    return {
      id: 'fanout',
      title: `Fan-out latency: ${c.clients} clients on one board, a move every ${c.periodMs} ms`,
      setup: `${all.obeya.count} measured moves per system (after ${c.warmupMoves} warm-up moves), sent by the clients in turn; each is timed from being sent to each of the ${others} other clients seeing the card in its new column. Obeya validates and commits every move in ${obeya.database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} before broadcasting it; the relay applies and forwards it. ${c.rounds} alternating rounds per system.`,
      rows: [
        { metric: 'seen by each other client, p50', unit: 'ms', ...both((s) => seen[s].p50) },
        { metric: 'seen by each other client, p99', unit: 'ms', ...both((s) => seen[s].p99) },
        { metric: 'seen by each other client, max', unit: 'ms', ...both((s) => seen[s].max) },
        {
          metric: `… p99 of each round (${c.rounds} rounds; their median in the next row)`,
          unit: '',
          ...both((s) => roundP99[s].map((p) => p.toFixed(1)).join(' / ') + ' ms'),
        },
        { metric: "… median of the rounds' p99", unit: 'ms', ...both((s) => median(roundP99[s])) },
        { metric: `seen by all ${others} others, p50`, unit: 'ms', ...both((s) => all[s].p50) },
        { metric: `seen by all ${others} others, p99`, unit: 'ms', ...both((s) => all[s].p99) },
        {
          metric: 'answer to the mover (Obeya: committed; relay: applied), p50',
          unit: 'ms',
          ...both((s) => acks[s].p50),
        },
        { metric: 'answer to the mover, p99', unit: 'ms', ...both((s) => acks[s].p99) },
        { metric: 'deliveries measured', unit: 'count', ...both((s) => seen[s].count), ratio: false },
        { metric: 'missed (not seen within 10 s)', unit: '', ...both((s) => trackers[s].missedSummary()) },
        { metric: 'refused moves', unit: '', ...both((s) => describeCounts(trackers[s].refused)) },
        { metric: 'dropped connections', unit: 'count', ...both((s) => dropped(clients[s])), ratio: false },
        { metric: 'server CPU (one core = 100 %)', unit: '%', ...both((s) => server[s].cpuPercent) },
        { metric: 'server RSS, peak', unit: 'MiB', ...both((s) => server[s].peakRssMiB) },
        { metric: 'client harness CPU (all clients, one process)', unit: '%', ...both((s) => harness[s].cpuPercent) },
      ],
      targets: [
        {
          name: 'p99 ≤ 40 ms',
          holds: seen.obeya.p99 <= 40,
          detail: `Obeya p99 ${seen.obeya.p99.toFixed(1)} ms; median of the rounds' p99 ${median(roundP99.obeya).toFixed(1)} ms`,
        },
        {
          name: "p99 within 1.5× the relay's",
          holds: seen.obeya.p99 <= limit,
          detail: `${seen.obeya.p99.toFixed(1)} ms vs 1.5 × ${seen.relay.p99.toFixed(1)} = ${limit.toFixed(1)} ms; medians of the rounds' p99: ${median(roundP99.obeya).toFixed(1)} vs ${median(roundP99.relay).toFixed(1)} ms (${(median(roundP99.obeya) / median(roundP99.relay)).toFixed(2)}×)`,
        },
      ],
      setupTimes,
      notes: [
        `Obeya on ${obeya.database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (no DATABASE_URL)'}; every client authenticates with the same personal access token.`,
        ...(probe ? [describeProbe(probe)] : []),
      ],
    };
  } finally {
    closeAll([...clients.obeya, ...clients.relay]);
    await Promise.all([obeya.stop(), relay.stop()]);
  }
}
