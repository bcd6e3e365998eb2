import { emptyBoard, type BoardState, type Card } from '@obeya/domain';
import type { Report } from '@obeya/metrics';
import { describe, expect, it } from 'vitest';
import { testCard } from './test-cards.ts';
import type { CardAge } from './ageing.ts';
import { keyFigures, weeklyThroughput } from './wall-figures.ts';

/** A report with only what the figures read: its `now`, time zone and daily throughput. */
function report(now: string, throughput: Record<string, number>): Report {
  return {
    period: { from: '2026-01-01', to: now.slice(0, 10), timeZone: 'UTC', now },
    throughput: Object.entries(throughput).map(([date, count]) => ({ date, count })),
  } as Report;
}

const card = (id: string, columnId: string): Card => testCard(id, columnId);

const board: BoardState = {
  ...emptyBoard,
  startColumnId: 'doing',
  finishColumnId: 'done',
  columns: ['ready', 'doing', 'review', 'done'].map((id, i) => ({ id, name: id, kind: 'queue', rank: `a${i}` })),
  cards: [card('a', 'ready'), card('b', 'doing'), card('c', 'doing'), card('d', 'review'), card('e', 'done')],
  limits: [
    { scope: { kind: 'column', columnId: 'review' }, max: 3, mode: 'hard' },
    { scope: { kind: 'column', columnId: 'doing' }, max: 1, mode: 'soft' },
  ],
};

describe('the key figures of a wall screen', () => {
  it('counts this week from Monday and last week Monday to Sunday, in the board’s time zone', () => {
    // 2026-03-12 is a Thursday.
    const weekly = weeklyThroughput(
      report('2026-03-12T10:00:00Z', {
        '2026-03-01': 9, // Sunday, the week before last
        '2026-03-02': 1, // Monday last week
        '2026-03-08': 2, // Sunday last week
        '2026-03-09': 3, // Monday this week
        '2026-03-12': 4,
      }),
    );
    expect(weekly).toEqual({ thisWeek: 7, lastWeek: 3 });
  });

  it('counts started, not finished work and puts the limits that are over first', () => {
    const figures = keyFigures(board, null, new Map(), null);
    expect(figures.wip).toBe(3);
    expect(figures.loads.map((l) => [l.limit.scope, l.state])).toEqual([
      [{ kind: 'column', columnId: 'doing' }, 'over'],
      [{ kind: 'column', columnId: 'review' }, 'within'],
    ]);
    expect(figures.throughput).toBeNull();
  });

  it('names the oldest card in progress and counts those past the SLE', () => {
    const ages = new Map<string, CardAge>([
      ['b', { ms: 5_000, level: 'over' }],
      ['c', { ms: 9_000, level: 'over' }],
      ['d', { ms: 1_000, level: 'within' }],
    ]);
    const figures = keyFigures(board, null, ages, { ms: 4_000, source: 'metrics' });
    expect(figures.oldest).toEqual({ title: 'Card c', columnName: 'doing', ageMs: 9_000, level: 'over' });
    expect(figures.pastSle).toBe(2);
  });
});
