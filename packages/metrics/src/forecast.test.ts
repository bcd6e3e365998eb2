import { describe, expect, it } from 'vitest';
import { forecastHowMany, forecastWhen } from './forecast.ts';
import { forecastHowManyReport, forecastWhenReport, throughputWindow } from './forecast-report.ts';
import { seededRandom } from './random.ts';
import { ev, makeLog, ms } from './test-helpers.ts';

describe('Monte Carlo', () => {
  it('M18 Monte Carlo: constant throughput 1 a day makes 20 items take exactly 20 days; 2 a day, 10', () => {
    expect(forecastWhen([1, 1, 1], 20, { seed: 7 }).map((a) => a.days)).toEqual([20, 20, 20, 20]);
    expect(forecastWhen([2, 2], 20, { seed: 7 }).map((a) => a.days)).toEqual([10, 10, 10, 10]);
    expect(forecastWhen([3], 10, { seed: 7 }).map((a) => a.days)).toEqual([4, 4, 4, 4]);
  });

  it('M18 Monte Carlo: the same seed gives the same answers, another seed its own', () => {
    const throughput = [0, 0, 1, 3, 0, 2, 5, 0, 1, 0];
    const a = forecastWhen(throughput, 30, { seed: 42 });
    expect(forecastWhen(throughput, 30, { seed: 42 })).toEqual(a);
    expect(forecastWhen(throughput, 30, { seed: 43, trials: 50 })).not.toEqual(
      forecastWhen(throughput, 30, { seed: 42, trials: 50 }),
    );
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('M18 Monte Carlo: "when" grows with confidence, "how many" shrinks with it', () => {
    const throughput = [0, 0, 1, 3, 0, 2, 5, 0, 1, 0];
    const when = forecastWhen(throughput, 30, { seed: 1 }).map((a) => a.days ?? Infinity);
    expect(when).toEqual([...when].sort((x, y) => x - y));
    expect(when[0]).toBeLessThan(when[3]!);
    const howMany = forecastHowMany(throughput, 20, { seed: 1 }).map((a) => a.items);
    expect(howMany).toEqual([...howMany].sort((x, y) => y - x));
    expect(howMany[0]).toBeGreaterThan(howMany[3]!);
  });

  it('M18 Monte Carlo: "how many" takes the (100 − p)-th percentile, a count reached in at least p % of trials', () => {
    // Half the days deliver 0, half 1: with this seed just over half the one-day trials deliver 1, so 1 is the
    // 50 % answer; at 70 % and above only 0 is reached often enough.
    const answers = forecastHowMany([0, 1], 1, { seed: 3, trials: 10_000 });
    expect(answers).toEqual([
      { percent: 50, items: 1 },
      { percent: 70, items: 0 },
      { percent: 85, items: 0 },
      { percent: 95, items: 0 },
    ]);
  });

  it('M18 Monte Carlo: no throughput at all never finishes', () => {
    expect(forecastWhen([0, 0, 0], 5, { seed: 1 }).map((a) => a.days)).toEqual([null, null, null, null]);
    expect(forecastHowMany([0, 0], 10, { seed: 1 }).map((a) => a.items)).toEqual([0, 0, 0, 0]);
  });

  const log = makeLog([
    ...Array.from({ length: 10 }, (_, i) => ev.created(`c${i}`, `03-0${1 + (i % 5)}T09:00`, 'doing')),
    ...Array.from({ length: 10 }, (_, i) =>
      ev.moved(`c${i}`, `03-${String(11 + (i % 5)).padStart(2, '0')}T09:00`, 'done'),
    ),
  ]);

  it('M18 Monte Carlo: the window is the whole days before today, zero days included', () => {
    const window = throughputWindow(log, ms('03-16T10:00'), 7);
    expect(window).toMatchObject({ from: '2026-03-09', to: '2026-03-15', days: 7, total: 10 });
    expect(window.daily.map((d) => d.count)).toEqual([0, 0, 2, 2, 2, 2, 2]);
  });

  it('M18 Monte Carlo: reports date the answers from the day after today', () => {
    const when = forecastWhenReport(log, { now: ms('03-16T10:00'), seed: 5, items: 10, windowDays: 5 });
    expect(when).toMatchObject({ question: 'when', items: 10, today: '2026-03-16', trials: 10_000, seed: 5 });
    expect(when.answers).toEqual([50, 70, 85, 95].map((percent) => ({ percent, days: 5, date: '2026-03-21' })));
    const howMany = forecastHowManyReport(log, { now: ms('03-16T10:00'), seed: 5, by: '2026-03-20', windowDays: 5 });
    expect(howMany).toMatchObject({ question: 'how-many', by: '2026-03-20', days: 4 });
    expect(howMany.answers.map((a) => a.items)).toEqual([8, 8, 8, 8]);
    expect(() => forecastHowManyReport(log, { now: ms('03-16T10:00'), seed: 5, by: '2026-03-16' })).toThrow(RangeError);
  });
});
