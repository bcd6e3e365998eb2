import { emptyBoard, type BoardState } from '@obeya/domain';
import type { CardActivityEntry } from '@obeya/sync';
import { describe, expect, it } from 'vitest';
import { activityLines } from './card-activity.ts';
import { testCard } from './test-cards.ts';

const board: BoardState = {
  ...emptyBoard,
  columns: [
    { id: 'todo', name: 'To do', kind: 'queue', rank: 'a0' },
    { id: 'doing', name: 'Doing', kind: 'active', rank: 'a1' },
  ],
  lanes: [{ id: 'std', name: 'Standard', rank: 'a0' }],
  people: [{ id: 'sim', name: 'Simone' }],
};

let nextId = 1;
function entry(event: CardActivityEntry['event'], actorName: string | null = 'Ada', actorId = 'u1'): CardActivityEntry {
  return { id: nextId++, at: '2026-11-22T10:00:00.000Z', actorId, actorName, event };
}

describe('card activity', () => {
  it('tells what happened, by whom, in words', () => {
    const lines = activityLines(board, [
      entry({ type: 'card.created', card: testCard('c1', 'todo') }),
      entry({
        type: 'card.moved',
        cardId: 'c1',
        from: { columnId: 'todo', laneId: 'std' },
        to: { columnId: 'doing', laneId: 'std' },
        rank: 'a0',
      }),
      entry(
        {
          type: 'card.blocked',
          cardId: 'c1',
          blocker: { reason: 'Waiting for the vendor', waste: 'waiting', since: '', by: { id: 'u1', name: 'Ada' } },
        },
        null,
        'sim',
      ),
      entry({ type: 'card.updated', cardId: 'c1', changes: { due: '2026-12-03', labels: ['ux'] } }),
      entry({ type: 'card.commented', cardId: 'c1', comment: { id: 'k', body: 'Line one\nline two' } }, null, 'gone'),
      entry({ type: 'card.described', cardId: 'c1', length: 120 }),
    ]);
    expect(lines.map((l) => `${l.who} ${l.what}`)).toEqual([
      'Ada created the card in To do',
      'Ada moved it from To do to Doing',
      'Simone blocked it: “Waiting for the vendor” (Waiting)',
      `Ada set it due on ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(2026, 11, 3))}, labelled it ux`,
      'Someone commented: “Line one line two”',
      'Ada edited the description',
    ]);
  });

  it('leaves out reordering within a cell and quotes long comments short', () => {
    const lines = activityLines(board, [
      entry({
        type: 'card.moved',
        cardId: 'c1',
        from: { columnId: 'todo', laneId: 'std' },
        to: { columnId: 'todo', laneId: 'std' },
        rank: 'b0',
      }),
      entry({ type: 'card.commented', cardId: 'c1', comment: { id: 'k', body: 'x'.repeat(200) } }),
    ]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.what).toBe(`commented: “${'x'.repeat(79)}…”`);
  });
});
