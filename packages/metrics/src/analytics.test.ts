import { describe, expect, it } from 'vitest';
import { computeAnalytics } from './analytics.ts';
import type { Analytics } from './analytics.ts';
import { forecastHowManyReport, forecastWhenReport } from './forecast-report.ts';
import { parseFlowLog } from './parse.ts';
import { computeReport } from './report.ts';
import { syntheticFlowLog } from './synthetic.ts';
import { DAY, HOUR, counts, ev, jsonl, makeLog, ms } from './test-helpers.ts';
import type { Line } from './test-helpers.ts';

/** A short timestamp (see `t` in the helpers) `days` days after 2026-01-01T00:00Z. */
const day = (days: number) => new Date(ms('01-01T00:00') + days * DAY).toISOString().slice(5, 16);
const titled = (line: Line, title: string): Line => ({ ...line, title });

// Reference (Little's law): four items in a window that starts and ends empty.
const LITTLE = makeLog([
  ev.created('A', '01-01T09:00', 'ready'),
  ev.created('B', '01-02T10:00', 'ready'),
  ev.created('C', '01-02T12:00', 'ready'),
  ev.moved('B', '01-02T15:00', 'done'),
  ev.moved('A', '01-03T17:00', 'done'),
  ev.created('D', '01-04T08:00', 'ready'),
  ev.moved('C', '01-05T12:00', 'done'),
  ev.moved('D', '01-06T20:00', 'done'),
]);

// Finished cards over a period that starts on a Thursday (2026-03-05) and ends on a Monday (2026-03-23).
const WEEKS = makeLog([
  ev.created('t', '03-02T00:00', 'doing'),
  ev.moved('t', '03-03T00:00', 'done'), // before the period
  ev.created('p', '03-05T00:00', 'doing'),
  ev.moved('p', '03-06T00:00', 'review'),
  ev.moved('p', '03-07T00:00', 'done'), // active 1 d of 2
  ev.created('q', '03-09T00:00', 'doing'),
  ev.moved('q', '03-10T00:00', 'done'), // active 1 d of 1
  ev.created('r', '03-10T00:00', 'review'),
  ev.moved('r', '03-12T00:00', 'done'), // active 0 of 2 d
  ev.created('s', '03-16T00:00', 'done'), // cycle time 0
]);
const WEEKS_PERIOD = { now: ms('03-25T00:00'), from: '2026-03-05', to: '2026-03-23' };

function synthetic(cards: number, timeZone = 'UTC') {
  const lines = syntheticFlowLog({ seed: 7, cards, start: ms('01-01T00:00'), days: 120, timeZone });
  const parsed = parseFlowLog(jsonl(lines));
  if (!parsed.ok) throw new Error('invalid synthetic log');
  return parsed.log;
}

describe('analytics', () => {
  it('has exactly the documented shape', () => {
    const a = computeAnalytics(WEEKS, WEEKS_PERIOD);
    expect(Object.keys(a)).toEqual([
      'period',
      'workflow',
      'cycleTime',
      'throughput',
      'wip',
      'cfd',
      'ageing',
      'efficiency',
      'valueStream',
      'blockers',
      'forecast',
      'littlesLaw',
    ] satisfies (keyof Analytics)[]);
    expect(a.workflow).toEqual({
      columns: [
        { id: 'backlog', name: 'Backlog', kind: 'queue' },
        { id: 'ready', name: 'Ready', kind: 'queue' },
        { id: 'doing', name: 'Doing', kind: 'active' },
        { id: 'review', name: 'Waiting for review', kind: 'queue' },
        { id: 'done', name: 'Done', kind: 'queue' },
      ],
      start: 'ready',
      finish: 'done',
    });
  });

  it("A1 period: by default the 90 days ending on now's day, not from the first event", () => {
    const a = computeAnalytics(WEEKS, { now: ms('03-25T10:00') });
    expect(a.period).toEqual({
      from: '2025-12-26',
      to: '2026-03-25',
      timeZone: 'UTC',
      now: '2026-03-25T10:00:00.000Z',
    });
    expect(a.wip).toHaveLength(90);
    expect(computeAnalytics(WEEKS, { now: ms('03-25T10:00'), to: '2026-03-20' }).period.from).toBe('2025-12-26');
    expect(computeAnalytics(WEEKS, WEEKS_PERIOD).period).toMatchObject({ from: '2026-03-05', to: '2026-03-23' });
  });

  it("A1 period: `days` sets its length, ending on now's day, and may not come with `from`", () => {
    const now = ms('03-25T10:00');
    expect(computeAnalytics(WEEKS, { now, days: 7 }).period).toMatchObject({ from: '2026-03-19', to: '2026-03-25' });
    expect(computeAnalytics(WEEKS, { now, days: 1 }).wip).toHaveLength(1);
    for (const bad of [{ days: 0 }, { days: 2.5 }, { days: 7, from: '2026-03-01' }]) {
      expect(() => computeAnalytics(WEEKS, { now, ...bad }), JSON.stringify(bad)).toThrow(RangeError);
    }
  });

  it('A1 period: bad dates and a period that ends before it starts are RangeErrors', () => {
    const now = ms('03-25T00:00');
    expect(() => computeAnalytics(WEEKS, { now, from: '2026-02-30' })).toThrow(RangeError);
    expect(() => computeAnalytics(WEEKS, { now, to: 'tomorrow' })).toThrow(RangeError);
    expect(() => computeAnalytics(WEEKS, { now, from: '2026-03-10', to: '2026-03-09' })).toThrow(
      'the period starts (2026-03-10) after it ends (2026-03-09)',
    );
    // The default start is now's day − 89, so an explicit end before it is an empty period too.
    expect(() => computeAnalytics(WEEKS, { now, to: '2025-12-01' })).toThrow(RangeError);
  });

  it('A1 period: bad SLE and forecast options are RangeErrors', () => {
    const now = ms('03-25T00:00');
    for (const bad of [
      { slePercent: 0 },
      { slePercent: 101 },
      { sleWindowDays: 0 },
      { sleWindowDays: 1.5 },
      { items: 0 },
      { by: '2026-03-25' },
      { by: '25/03/2026' },
      { forecastWindowDays: 0 },
    ]) {
      expect(() => computeAnalytics(WEEKS, { now, ...bad }), JSON.stringify(bad)).toThrow(RangeError);
    }
  });

  it('A3 cycle-time scatter: cards finished in the period by finish instant, titled from their created event', () => {
    const log = makeLog([
      titled(ev.created('late', '03-01T00:00', 'doing'), 'Slow one'),
      ev.created('early', '03-02T00:00', 'doing'), // no title: the id stands in
      ev.moved('truncated', '03-02T00:00', 'doing', 'ready'), // no created event at all
      ev.moved('early', '03-03T00:00', 'done'),
      ev.moved('truncated', '03-04T00:00', 'done'),
      titled(ev.created('gone', '03-02T00:00', 'doing'), 'Deleted'),
      ev.moved('gone', '03-04T00:00', 'done'),
      ev.deleted('gone', '03-05T00:00'),
      titled(ev.created('late', '03-05T00:00', 'doing'), 'Second created'), // its earliest created event names it
      ev.moved('late', '03-06T00:00', 'done'),
      titled(ev.created('open', '03-02T00:00', 'doing'), 'Still open'),
    ]);
    const a = computeAnalytics(log, { now: ms('03-08T00:00') });
    expect(a.cycleTime.cards).toEqual([
      { id: 'early', title: 'early', finishedAt: '2026-03-03T00:00:00.000Z', cycleTimeMs: DAY },
      { id: 'truncated', title: 'truncated', finishedAt: '2026-03-04T00:00:00.000Z', cycleTimeMs: 2 * DAY },
      { id: 'late', title: 'Slow one', finishedAt: '2026-03-06T00:00:00.000Z', cycleTimeMs: 5 * DAY },
    ]);
    expect(
      computeAnalytics(log, { now: ms('03-08T00:00'), from: '2026-03-04' }).cycleTime.cards.map((c) => c.id),
    ).toEqual(['truncated', 'late']);
  });

  it('M16 percentiles: the scatter lines of cycle times 1..20 days are P50 10, P70 14, P85 17, P95 19 days', () => {
    const lines = Array.from({ length: 20 }, (_, i) => [
      ev.created(`c${i + 1}`, day(31), 'doing'),
      ev.moved(`c${i + 1}`, day(32 + i), 'done'),
    ]).flat();
    const a = computeAnalytics(makeLog(lines), { now: ms('02-22T00:00') });
    expect(a.cycleTime.cards).toHaveLength(20);
    expect(a.cycleTime.lines).toEqual({ p50: 10 * DAY, p70: 14 * DAY, p85: 17 * DAY, p95: 19 * DAY });
    expect(computeAnalytics(makeLog([]), { now: ms('02-22T00:00') }).cycleTime.lines).toEqual({
      p50: null,
      p70: null,
      p85: null,
      p95: null,
    });
  });

  it('A2 weeks: daily throughput summed per ISO week, labelled by its Monday even when the period starts mid-week', () => {
    const a = computeAnalytics(WEEKS, WEEKS_PERIOD);
    expect(counts(a.throughput.daily)).toEqual([0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(a.throughput.weekly).toEqual([
      { week: '2026-03-02', count: 1 }, // Thursday 5th to Sunday 8th
      { week: '2026-03-09', count: 2 },
      { week: '2026-03-16', count: 1 },
      { week: '2026-03-23', count: 0 }, // Monday 23rd alone
    ]);
  });

  it('A5 weekly flow efficiency: M13 over the cards finished in each week, null where none did or Σ cycle time is 0', () => {
    const a = computeAnalytics(WEEKS, WEEKS_PERIOD);
    expect(a.efficiency.weekly).toEqual([
      { week: '2026-03-02', value: 0.5, finished: 1 },
      { week: '2026-03-09', value: 1 / 3, finished: 2 },
      { week: '2026-03-16', value: null, finished: 1 },
      { week: '2026-03-23', value: null, finished: 0 },
    ]);
    // (1 + 1 + 0 + 0) active days over (2 + 1 + 2 + 0) cycle days; `t` finished before the period.
    expect(a.efficiency.period).toBe(0.4);
    expect(a.efficiency.period).toBe(computeReport(WEEKS, WEEKS_PERIOD).flowEfficiency);
  });

  it('M11 CFD: the daily series, period efficiency, M14 and M15 are the report’s for the same period', () => {
    const log = synthetic(400, 'Europe/Berlin');
    const now = ms('04-20T15:00');
    for (const period of [{ now }, { now, from: '2026-02-10', to: '2026-03-31' }]) {
      const a = computeAnalytics(log, period);
      const r = computeReport(log, { ...period, from: a.period.from });
      expect(a.period).toEqual(r.period);
      expect(a.cfd).toEqual(r.cfd);
      expect(a.wip).toEqual(r.wip);
      expect(a.throughput.daily).toEqual(r.throughput);
      expect(a.efficiency.period).toBe(r.flowEfficiency);
      expect(a.cycleTime.cards).toHaveLength(r.cycleTime.count);
      expect(a.cycleTime.lines).toMatchObject({
        p50: r.cycleTime.p50Ms,
        p85: r.cycleTime.p85Ms,
        p95: r.cycleTime.p95Ms,
      });
      expect(a.valueStream.map((s) => [s.column, s.activeMs, s.waitingMs])).toEqual(
        ['ready', 'doing', 'review', 'test'].map((c) => [c, r.activeByColumn[c], r.waitingByColumn[c]]),
      );
      expect(a.blockers.byReason.map(({ cumulativeShare: _, ...b }) => b)).toEqual(r.blockedByReason);
      expect(a.throughput.weekly.reduce((n, w) => n + w.count, 0)).toBe(r.cycleTime.count);
      expect(a.efficiency.weekly.reduce((n, w) => n + w.finished, 0)).toBe(r.cycleTime.count);
    }
  });

  it('A4 ageing: the wip cards at now, oldest first, with column, age and whether blocked now', () => {
    const log = makeLog([
      { type: 'created', card: 'old', at: '2025-11-01T00:00:00Z', column: 'doing' },
      { type: 'moved', card: 'old', at: '2025-12-01T00:00:00Z', to: 'done' }, // before the SLE window
      ...[1, 2, 3, 4].flatMap((n) => [
        ev.created(`e${n}`, `03-0${n}T00:00`, 'doing'),
        ev.moved(`e${n}`, `03-0${2 * n}T00:00`, 'done'),
      ]),
      titled(ev.created('a', '03-01T00:00', 'backlog'), 'Eight days'),
      ev.moved('a', '03-02T12:00', 'ready'),
      ev.moved('a', '03-04T12:00', 'doing'),
      ev.blocked('a', '03-09T00:00', 'vendor'),
      titled(ev.created('b', '03-09T12:00', 'doing'), 'Fresh'),
      ev.blocked('b', '03-09T13:00', 'vendor'),
      ev.unblocked('b', '03-10T00:00'),
      ev.created('c', '03-07T12:00', 'review'),
      ev.created('backlog', '03-01T00:00', 'backlog'),
      ev.blocked('backlog', '03-02T00:00', 'unclear'),
      ev.created('abandoned', '03-01T00:00', 'doing'),
      ev.archived('abandoned', '03-05T00:00'),
    ]);
    const now = ms('03-10T12:00');
    const a = computeAnalytics(log, { now });
    expect(a.ageing.cards).toEqual([
      { id: 'a', title: 'Eight days', column: 'doing', ageMs: 8 * DAY, blocked: true },
      { id: 'c', title: 'c', column: 'review', ageMs: 3 * DAY, blocked: false },
      { id: 'b', title: 'Fresh', column: 'doing', ageMs: DAY, blocked: false },
    ]);
    // e1..e4 took 1, 2, 3 and 4 days; `old` (30 days) finished before the 90-day window.
    expect(a.ageing.sle).toEqual({
      percent: 85,
      windowDays: 90,
      from: '2025-12-11',
      to: '2026-03-10',
      cycleTimeMs: 4 * DAY,
    });
    expect(a.ageing.bands).toEqual({ p50: 2 * DAY, p70: 3 * DAY, p85: 4 * DAY, p95: 4 * DAY });
    // A five-day window holds e3 (3 d, finished 03-06) and e4 (4 d, finished 03-08).
    const narrow = computeAnalytics(log, { now, slePercent: 50, sleWindowDays: 5 });
    expect(narrow.ageing.sle).toEqual({
      percent: 50,
      windowDays: 5,
      from: '2026-03-06',
      to: '2026-03-10',
      cycleTimeMs: 3 * DAY,
    });
    expect(narrow.ageing.bands).toEqual({ p50: 3 * DAY, p70: 4 * DAY, p85: 4 * DAY, p95: 4 * DAY });
  });

  it('M19 time in column: the median over finished cards of their whole wip time in each started column', () => {
    const log = makeLog([
      ev.created('v0', '03-01T00:00', 'review'),
      ev.moved('v0', '03-02T00:00', 'done'), // finished before the period: left out
      ev.created('v1', '03-01T00:00', 'ready'),
      ev.moved('v1', '03-02T00:00', 'doing'),
      ev.moved('v1', '03-04T00:00', 'review'),
      ev.moved('v1', '03-05T00:00', 'done'), // ready 1 d (before the period, still counted), doing 2 d, review 1 d
      ev.created('v2', '03-02T00:00', 'doing'),
      ev.moved('v2', '03-03T00:00', 'review'),
      ev.moved('v2', '03-03T12:00', 'doing'),
      ev.moved('v2', '03-04T12:00', 'done'), // doing 1 d + 1 d, review 12 h
      ev.created('v3', '03-01T00:00', 'ready'),
      ev.moved('v3', '03-02T00:00', 'backlog'),
      ev.moved('v3', '03-05T00:00', 'ready'),
      ev.moved('v3', '03-06T00:00', 'doing'),
      ev.moved('v3', '03-07T00:00', 'done'), // ready 1 d + 1 d across a restart, doing 1 d
      ev.created('w', '03-04T00:00', 'review'), // still in progress: in M14, not in M19
    ]);
    const period = { now: ms('03-08T00:00'), from: '2026-03-04' };
    const a = computeAnalytics(log, period);
    expect(a.valueStream.map(({ column, medianMs, cards }) => ({ column, medianMs, cards }))).toEqual([
      { column: 'ready', medianMs: DAY, cards: 2 }, // [1 d, 2 d]
      { column: 'doing', medianMs: 2 * DAY, cards: 3 }, // [1 d, 2 d, 2 d]
      { column: 'review', medianMs: 12 * HOUR, cards: 2 }, // [12 h, 1 d]
    ]);
    const r = computeReport(log, period);
    expect(a.valueStream.map((s) => [s.activeMs, s.waitingMs])).toEqual(
      ['ready', 'doing', 'review'].map((c) => [r.activeByColumn[c], r.waitingByColumn[c]]),
    );
    // In the period: v1 review 1 d, v2 doing 12 h, v3 ready 1 d and doing 1 d, w review 4 d.
    expect(a.valueStream.map((s) => s.activeMs + s.waitingMs)).toEqual([DAY, 36 * HOUR, 5 * DAY]);
    const none = computeAnalytics(log, { ...period, from: '2026-03-08' });
    expect(none.valueStream.map((s) => [s.medianMs, s.cards])).toEqual([
      [null, 0],
      [null, 0],
      [null, 0],
    ]);
  });

  it('A7 Pareto: blockers by reason and summed by waste, ranked by time, with their running share', () => {
    const blockFor = (card: string, from: string, to: string, reason: string, waste: string): Line[] => [
      ev.blocked(card, from, reason, waste),
      ev.unblocked(card, to),
    ];
    const log = makeLog([
      ...['x', 'y', 'z', 'u', 'm'].map((card) => ev.created(card, '03-01T00:00', 'doing')),
      ...blockFor('x', '03-01T00:00', '03-03T00:00', 'vendor', 'waiting'),
      ...blockFor('y', '03-01T00:00', '03-02T00:00', 'vendor', 'waiting'),
      ...blockFor('z', '03-01T00:00', '03-03T00:00', 'test env down', 'defects'),
      ...blockFor('u', '03-01T00:00', '03-02T00:00', 'flaky build', 'defects'),
      ...blockFor('u', '03-03T00:00', '03-04T00:00', 'flaky build', 'defects'),
      ...blockFor('m', '03-01T00:00', '03-01T12:00', 'walk', 'motion'),
    ]);
    const { byReason, byWaste } = computeAnalytics(log, { now: ms('03-10T00:00') }).blockers;
    expect(byReason.map(({ cumulativeShare: _, ...b }) => b)).toEqual([
      { reason: 'vendor', waste: 'waiting', count: 2, ms: 3 * DAY },
      { reason: 'flaky build', waste: 'defects', count: 2, ms: 2 * DAY }, // ties on time: more intervals first
      { reason: 'test env down', waste: 'defects', count: 1, ms: 2 * DAY },
      { reason: 'walk', waste: 'motion', count: 1, ms: 12 * HOUR },
    ]);
    expect(byReason.map((b) => b.cumulativeShare)).toEqual([3 / 7.5, 5 / 7.5, 7 / 7.5, 1]);
    expect(byWaste).toEqual([
      { waste: 'defects', count: 3, ms: 4 * DAY, cumulativeShare: 4 / 7.5 },
      { waste: 'waiting', count: 2, ms: 3 * DAY, cumulativeShare: 7 / 7.5 },
      { waste: 'motion', count: 1, ms: 12 * HOUR, cumulativeShare: 1 },
    ]);
    expect(computeAnalytics(log, { now: ms('03-10T00:00'), from: '2026-03-05' }).blockers).toEqual({
      byReason: [],
      byWaste: [],
    });
  });

  it('A7 Pareto: wastes with equal time rank by count, then by name', () => {
    const log = makeLog([
      ...['a', 'b', 'c'].map((card) => ev.created(card, '03-01T00:00', 'doing')),
      ev.blocked('a', '03-01T00:00', 'r1', 'waiting'),
      ev.blocked('b', '03-01T00:00', 'r2', 'defects'),
      ev.blocked('c', '03-01T00:00', 'r3', 'motion'),
      ev.blocked('c', '03-01T12:00', 'r3', 'motion'),
    ]);
    const { byWaste } = computeAnalytics(log, { now: ms('03-02T00:00') }).blockers;
    expect(byWaste.map((w) => [w.waste, w.count, w.ms, w.cumulativeShare])).toEqual([
      ['motion', 2, DAY, 1 / 3],
      ['defects', 1, DAY, 2 / 3],
      ['waiting', 1, DAY, 1],
    ]);
  });

  it('A8 forecast: constant throughput 1 a day makes 20 items take exactly 20 days, 14 days bring 14 items', () => {
    // One card finished on each of the 30 days before today (2026-02-01).
    const lines = Array.from({ length: 30 }, (_, i) => [
      ev.created(`c${i}`, day(1 + i).replace('T00:00', 'T09:00'), 'doing'),
      ev.moved(`c${i}`, day(1 + i).replace('T00:00', 'T10:00'), 'done'),
    ]).flat();
    const log = makeLog(lines);
    const now = ms('02-01T12:00');
    const { when, howMany } = computeAnalytics(log, { now, items: 20 }).forecast;
    expect(when.window).toMatchObject({ from: '2026-01-02', to: '2026-01-31', days: 30, total: 30 });
    expect(when.answers.map((a) => [a.days, a.date])).toEqual(Array(4).fill([20, '2026-02-21']));
    // By default: 14 days after today.
    expect(howMany).toMatchObject({ by: '2026-02-15', days: 14, seed: 1 });
    expect(howMany.answers.map((a) => a.items)).toEqual([14, 14, 14, 14]);
    // Ten items by default.
    const byDefault = computeAnalytics(log, { now }).forecast.when;
    expect(byDefault.items).toBe(10);
    expect(byDefault.answers.map((a) => a.days)).toEqual([10, 10, 10, 10]);
  });

  it('A8 forecast: the answers are forecastWhenReport and forecastHowManyReport with the same options', () => {
    const log = synthetic(300);
    const now = ms('04-20T15:00');
    const options = { now, seed: 9, items: 25, by: '2026-05-10', forecastWindowDays: 21 };
    const { when, howMany } = computeAnalytics(log, options).forecast;
    expect(when).toEqual(forecastWhenReport(log, { now, seed: 9, items: 25, windowDays: 21 }));
    expect(howMany).toEqual(forecastHowManyReport(log, { now, seed: 9, by: '2026-05-10', windowDays: 21 }));
    const defaults = computeAnalytics(log, { now }).forecast;
    expect(defaults.when).toEqual(forecastWhenReport(log, { now, seed: 1, items: 10 }));
    expect(defaults.howMany).toEqual(forecastHowManyReport(log, { now, seed: 1, by: '2026-05-04' }));
  });

  it("M20 Little's law: the reference gives average WIP 1.3403 = 0.6667/day × 2.0104 days", () => {
    const { littlesLaw } = computeAnalytics(LITTLE, { now: ms('01-07T00:00'), from: '2026-01-01', to: '2026-01-06' });
    expect(littlesLaw.days).toBe(6);
    // Σ cycle time is 8 d 1 h, all of it inside the window.
    expect(littlesLaw.averageWip).toBe((8 * DAY + HOUR) / (6 * DAY));
    expect(littlesLaw.averageWip).toBeCloseTo(1.3403, 4);
    expect(littlesLaw.throughputPerDay).toBeCloseTo(0.6667, 4);
    expect(littlesLaw.averageCycleTimeDays).toBeCloseTo(2.0104, 4);
    expect(littlesLaw.predictedWip).toBeCloseTo(1.3403, 4);
  });

  it("M20 Little's law: the span ends at now, and with nothing finished there is no prediction", () => {
    const log = makeLog([ev.created('a', '03-10T00:00', 'doing')]);
    const { littlesLaw } = computeAnalytics(log, { now: ms('03-10T12:00') });
    // The default period starts on 2025-12-11: 89 whole days and half of today.
    expect(littlesLaw).toEqual({
      days: 89.5,
      averageWip: 0.5 / 89.5,
      throughputPerDay: 0,
      averageCycleTimeDays: null,
      predictedWip: null,
    });
  });
});
