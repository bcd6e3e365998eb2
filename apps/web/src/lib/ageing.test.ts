import { emptyBoard } from '@obeya/domain';
import type { Report } from '@obeya/metrics';
import { describe, expect, it } from 'vitest';
import { boardSle, explainSle, metricsSleMs } from './ageing.ts';

const DAY = 86_400_000;

/** A report with only what the SLE reads: its `now`, time zone and finished cards. */
function report(finished: Array<[finishedOn: string, cycleDays: number]>): Report {
  return {
    period: { from: '2026-01-01', to: '2026-03-31', timeZone: 'UTC', now: '2026-03-31T12:00:00.000Z' },
    cards: finished.map(([day, cycleDays], i) => ({
      id: `c${i}`,
      column: 'done',
      status: 'done',
      finishedAt: `${day}T10:00:00.000Z`,
      cycleTimeMs: cycleDays * DAY,
      ageMs: null,
    })),
  } as unknown as Report;
}

// Three cards finished this month, one slow card in January.
const recent = report([
  ['2026-03-30', 1],
  ['2026-03-25', 2],
  ['2026-03-20', 3],
  ['2026-01-15', 10],
]);

describe('the SLE at the board’s percentile and window', () => {
  it('by default the 85th percentile of the cards finished in the last 90 days', () => {
    expect(metricsSleMs(recent, emptyBoard)).toBe(10 * DAY);
  });

  it('follows the board’s own percentile and window', () => {
    expect(metricsSleMs(recent, { slePercent: null, sleWindowDays: 30 })).toBe(3 * DAY);
    expect(metricsSleMs(recent, { slePercent: 50, sleWindowDays: 30 })).toBe(2 * DAY);
    expect(metricsSleMs(recent, { slePercent: 50, sleWindowDays: 7 })).toBe(1 * DAY);
  });

  it('with nothing finished in the window the SLE set by hand is used', () => {
    const ms = metricsSleMs(report([['2026-01-15', 10]]), { slePercent: null, sleWindowDays: 30 });
    expect(ms).toBeNull();
    expect(boardSle(ms, 4)).toEqual({ ms: 4 * DAY, source: 'set' });
  });

  it('explains itself with the board’s real percentile and window', () => {
    const sle = { ms: DAY, source: 'metrics' } as const;
    expect(explainSle(sle, emptyBoard)).toBe(
      '85 % of the cards finished in the last 90 days took this long or less, once started.',
    );
    expect(explainSle(sle, { slePercent: 50, sleWindowDays: 30 })).toBe(
      '50 % of the cards finished in the last 30 days took this long or less, once started.',
    );
    expect(explainSle({ ms: DAY, source: 'set' }, emptyBoard)).toMatch(/^Set by a board admin/);
    expect(explainSle(null, emptyBoard)).toMatch(/nothing to compare it with/);
  });
});
