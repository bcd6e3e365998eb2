import { describe, expect, it } from 'vitest';
import { statusOf } from './card-history.ts';
import type { CardStatus } from './card-history.ts';
import { daysBetween } from './days.ts';
import type { CardEvent, FlowLog } from './flow-log.ts';
import { forecastHowMany, forecastWhen } from './forecast.ts';
import { parseInstant } from './instant.ts';
import { parseFlowLog } from './parse.ts';
import { ascending, percentile } from './percentiles.ts';
import { seededRandom } from './random.ts';
import type { Random } from './random.ts';
import { computeReport } from './report.ts';
import type { Report } from './report.ts';
import { syntheticFlowLog } from './synthetic.ts';
import { jsonl } from './test-helpers.ts';
import { dayGrid, zonedDate } from './time-zone.ts';
import { compileFlow } from './workflow.ts';
import type { Flow } from './workflow.ts';

const LOGS = 300;
const HOUR = 3_600_000;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];
// Spans that cross the daylight-saving changes of 2026 (March 8/29, October 25, November 1).
const STARTS = ['2026-02-20', '2026-03-10', '2026-10-01', '2026-10-20', '2026-06-01'];

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const between = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

interface Case {
  log: FlowLog;
  now: number;
  settled: boolean;
}

/** A random log from its own seed: sizes, zone, span and whether every card runs to the end of its life. */
function randomCase(seed: number): Case {
  const random = seededRandom(seed);
  const settled = random() < 0.5;
  const start = Date.parse(`${pick(random, STARTS)}T00:00:00Z`) + between(random, 0, 23) * HOUR;
  const days = between(random, 3, 45);
  const lines = syntheticFlowLog({
    seed,
    cards: between(random, 1, 40),
    start,
    days,
    timeZone: pick(random, ZONES),
    settle: settled,
  });
  const result = parseFlowLog(jsonl(lines));
  if (!result.ok) throw new Error(`seed ${seed}: ${JSON.stringify(result.errors)}`);
  const last = Math.max(start, ...result.log.events.map((e) => e.at));
  const now = settled ? last + between(random, 1, 48) * HOUR : start + (days + between(random, -2, 2)) * 24 * HOUR;
  return { log: result.log, now, settled };
}

/** A card's events in time order, file order kept for ties, written out plainly. */
function eventsOf(log: FlowLog, now: number): Map<string, CardEvent[]> {
  const cards = new Map<string, CardEvent[]>();
  for (const e of log.events) if (e.at <= now) cards.set(e.card, [...(cards.get(e.card) ?? []), e]);
  for (const events of cards.values()) events.sort((a, b) => a.at - b.at);
  for (const [id, events] of cards) if (events.some((e) => e.type === 'deleted')) cards.delete(id);
  return cards;
}

/** The naive oracle: replays a card's events strictly before `before` and returns where it stands. */
function stateBefore(events: CardEvent[], before: number, flow: Flow): { column: number; status: CardStatus } | null {
  let column = -1;
  let archived = false;
  for (const e of events) {
    if (e.at >= before) break;
    if (e.type === 'created' || e.type === 'moved') {
      const to = flow.index.get(e.type === 'created' ? e.column : e.to) ?? -1;
      if (column < 0 && e.type === 'moved') column = flow.index.get(e.from ?? e.to) ?? -1;
      column = to;
      archived = false;
    } else if (e.type === 'archived' && column >= 0) {
      archived = true;
    }
  }
  return column < 0 ? null : { column, status: statusOf(column, archived, flow) };
}

/** Per day, the oracle's WIP and CFD, from a full replay of every card at every day's end. */
function oracleDaily(c: Case, report: Report) {
  const flow = compileFlow(c.log.workflow);
  const grid = dayGrid(report.period.from, report.period.to, flow.timeZone);
  const cards = eventsOf(c.log, c.now);
  return grid.dates.map((_, d) => {
    const before = Math.min(grid.starts[d + 1] as number, c.now + 1);
    let wip = 0;
    const cfd = new Array<number>(flow.columnIds.length).fill(0);
    for (const events of cards.values()) {
      const state = stateBefore(events, before, flow);
      if (!state || state.status === 'discarded' || state.status === 'archived') continue;
      if (state.status === 'wip') wip++;
      for (let k = 0; k <= state.column; k++) cfd[k]!++;
    }
    return { wip, cfd };
  });
}

/** Σ over every stretch in which a card was wip of (date it left − date it entered). */
function wholeDateDifferences(c: Case): number {
  const flow = compileFlow(c.log.workflow);
  let sum = 0;
  for (const events of eventsOf(c.log, c.now).values()) {
    let entered: number | null = null;
    for (const [i, e] of events.entries()) {
      // The state after every event of this instant, as equal timestamps are applied together.
      if (events[i + 1]?.at === e.at) continue;
      const wip = stateBefore(events, e.at + 1, flow)?.status === 'wip';
      if (wip && entered === null) entered = e.at;
      if (!wip && entered !== null) {
        sum += daysBetween(zonedDate(entered, flow.timeZone), zonedDate(e.at, flow.timeZone));
        entered = null;
      }
    }
    if (entered !== null) throw new Error('a settled log ended with work in progress');
  }
  return sum;
}

const cases = Array.from({ length: LOGS }, (_, i) => randomCase(1000 + i));

describe('properties on random logs', () => {
  it(`M10 M11 WIP = CFD(start) − CFD(finish) every day, and both match a naive replay (${LOGS} logs)`, () => {
    for (const c of cases) {
      const r = computeReport(c.log, { now: c.now });
      const { start, finish } = c.log.workflow;
      expect(r.wip.map((d) => d.count)).toEqual(r.cfd.map((d) => d.counts[start]! - d.counts[finish]!));
      const oracle = oracleDaily(c, r);
      expect(r.wip.map((d) => d.count)).toEqual(oracle.map((o) => o.wip));
      expect(r.cfd.map((d) => Object.values(d.counts))).toEqual(oracle.map((o) => o.cfd));
    }
  });

  it(`M12 active + waiting = the window for every card (${LOGS} logs)`, () => {
    let checked = 0;
    for (const c of cases) {
      const r = computeReport(c.log, { now: c.now });
      const events = eventsOf(c.log, c.now);
      for (const card of r.cards) {
        if (card.startedAt === null) {
          expect(card.activeMs).toBeNull();
          continue;
        }
        const start = parseInstant(card.startedAt)!;
        const archivedAt = events.get(card.id)?.findLast((e) => e.type === 'archived')?.at ?? NaN;
        const window =
          card.status === 'done' ? card.cycleTimeMs : card.status === 'wip' ? card.ageMs : archivedAt - start;
        expect(card.activeMs! + card.waitingMs!).toBe(window);
        expect(card.blockedMs!).toBeLessThanOrEqual(card.waitingMs!);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it(`M9 Σ throughput = the cards finished in the period, for whole and partial periods (${LOGS} logs)`, () => {
    for (const [i, c] of cases.entries()) {
      const whole = computeReport(c.log, { now: c.now });
      const finished = whole.cards.filter((card) => card.finishedAt !== null);
      expect(whole.throughput.reduce((a, d) => a + d.count, 0)).toBe(finished.length);
      expect(whole.cycleTime.count).toBe(finished.length);

      const dates = whole.throughput.map((d) => d.date);
      const random = seededRandom(i);
      const from = pick(random, dates);
      const to = pick(
        random,
        dates.filter((d) => d >= from),
      );
      const part = computeReport(c.log, { now: c.now, from, to });
      const zone = c.log.workflow.timeZone;
      const inPart = finished.filter((card) => {
        const date = zonedDate(parseInstant(card.finishedAt!)!, zone);
        return date >= from && date <= to;
      });
      expect(part.throughput.reduce((a, d) => a + d.count, 0)).toBe(inPart.length);
    }
  });

  it(`M10 Little's law, discrete form: Σ end-of-day WIP = Σ whole-date differences when the log ends empty`, () => {
    const settled = cases.filter((c) => c.settled);
    expect(settled.length).toBeGreaterThan(100);
    for (const c of settled) {
      const r = computeReport(c.log, { now: c.now });
      expect(r.wip.at(-1)?.count).toBe(0);
      expect(r.wip.reduce((a, d) => a + d.count, 0)).toBe(wholeDateDifferences(c));
    }
  });

  it('M16 percentiles: at least p % of values are ≤ the p-th percentile, and fewer than p % are below it', () => {
    const random = seededRandom(99);
    for (let i = 0; i < 2000; i++) {
      const values = Array.from({ length: between(random, 1, 60) }, () => between(random, 0, 20));
      const p = between(random, 1, 100);
      const v = percentile(ascending(values), p)!;
      expect(values).toContain(v);
      expect(values.filter((x) => x <= v).length * 100).toBeGreaterThanOrEqual(p * values.length);
      expect(values.filter((x) => x < v).length * 100).toBeLessThan(p * values.length);
    }
  });

  it('M18 Monte Carlo: constant throughput gives exact forecasts', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const perDay = between(random, 1, 6);
      const throughput = new Array<number>(between(random, 1, 60)).fill(perDay);
      const items = between(random, 1, 300);
      const days = between(random, 1, 90);
      const seed = between(random, 0, 2 ** 31);
      expect(forecastWhen(throughput, items, { seed, trials: 200 }).map((a) => a.days)).toEqual(
        new Array(4).fill(Math.ceil(items / perDay)),
      );
      expect(forecastHowMany(throughput, days, { seed, trials: 200 }).map((a) => a.items)).toEqual(
        new Array(4).fill(perDay * days),
      );
    }
  });
});
