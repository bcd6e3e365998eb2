import { describe, expect, it } from 'vitest';
import { ascending, cycleTimeStats, percentile, serviceLevelExpectation } from './percentiles.ts';
import { computeReport } from './report.ts';
import { serviceLevel } from './service-level.ts';
import { DAY, ev, makeLog, ms } from './test-helpers.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const p = (values: number[], q: number) => percentile(ascending(values), q);

describe('percentiles', () => {
  it('M16 percentiles: nearest rank on the reference values', () => {
    expect(p(range(10), 50)).toBe(5);
    expect(p(range(10), 85)).toBe(9);
    expect(p(range(10), 100)).toBe(10);
    expect(p(range(100), 85)).toBe(85);
    expect(p(range(20), 85)).toBe(17);
    expect(p(range(40), 85)).toBe(34);
    expect(p([9, 1, 5, 5, 3], 50)).toBe(5);
    expect(p([5, 5, 5, 5], 85)).toBe(5);
    expect(p([7], 50)).toBe(7);
    expect(p([], 50)).toBeNull();
  });

  it('M16 percentiles: unlike linear interpolation, the answer is always one of the values', () => {
    // Linear interpolation gives P30 4, P50 5.5, P70 7.3, P85 8 here.
    const values = [0, 2, 4, 4, 5, 6, 7, 8, 8, 10];
    expect([30, 50, 70, 85].map((q) => p(values, q))).toEqual([4, 5, 7, 8]);
    expect(p(values, 1)).toBe(0);
  });

  it('M16 percentiles: cycle-time statistics of a period', () => {
    expect(cycleTimeStats([4, 1, 3, 2])).toEqual({ count: 4, meanMs: 3, p50Ms: 2, p85Ms: 4, p95Ms: 4 });
    expect(cycleTimeStats([])).toEqual({ count: 0, meanMs: null, p50Ms: null, p85Ms: null, p95Ms: null });
  });

  it('M17 SLE: the 85th percentile of cycle times finished in the window', () => {
    const finished = range(20).map((d) => ({ finishedAt: d * DAY, cycleTimeMs: d }));
    expect(serviceLevelExpectation(finished, { from: 0, to: 21 * DAY })).toBe(17);
    expect(serviceLevelExpectation(finished, { from: 11 * DAY, to: 21 * DAY }, 50)).toBe(15);
    expect(serviceLevelExpectation(finished, { from: 30 * DAY, to: 31 * DAY })).toBeNull();
  });

  it('M17 SLE: wip cards older than the SLE are ageing; cards finished before the window do not count', () => {
    const log = makeLog([
      ev.created('old', '01-01T00:00', 'doing'),
      ev.moved('old', '01-31T00:00', 'done'), // 30 days, finished long before the 90-day window
      ...range(7).flatMap((i) => [
        ev.created(`f${i}`, `05-0${i}T00:00`, 'doing'),
        ev.moved(`f${i}`, `05-0${i + 1}T00:00`, 'done'),
      ]),
      ev.created('slow', '05-01T00:00', 'doing'),
      ev.created('fresh', '05-09T12:00', 'doing'),
    ]);
    const sle = serviceLevel(computeReport(log, { now: ms('05-10T00:00') }));
    expect(sle).toEqual({
      percent: 85,
      from: '2026-02-10',
      to: '2026-05-10',
      cycleTimeMs: DAY,
      ageing: [{ id: 'slow', column: 'doing', ageMs: 9 * DAY }],
    });
  });
});
