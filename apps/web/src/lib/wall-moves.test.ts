import { emptyBoard, type BoardState, type Card } from '@obeya/domain';
import { describe, expect, it } from 'vitest';
import { testCard } from './test-cards.ts';
import { MoveTracker, moveLabels } from './wall-moves.ts';

const card = (id: string, columnId: string): Card => testCard(id, columnId, id);

const board = (cards: Card[]): BoardState => ({
  ...emptyBoard,
  columns: [
    { id: 'ready', name: 'Ready', kind: 'queue', rank: 'a0' },
    { id: 'doing', name: 'Doing', kind: 'active', rank: 'a1' },
  ],
  cards,
});

const MINUTE = 60_000;

describe('cards seen changing column on a wall screen', () => {
  it('counts a change of column after the first sighting, not the cards as first seen', () => {
    const tracker = new MoveTracker();
    expect(tracker.observe(board([card('a', 'ready'), card('b', 'ready')]), 0).size).toBe(0);
    const moves = tracker.observe(board([card('a', 'doing'), card('b', 'ready'), card('c', 'doing')]), 5 * MINUTE);
    expect([...moves]).toEqual([['a', { at: 5 * MINUTE, fromColumnId: 'ready' }]]);
  });

  it('answers the same map while nothing moves, and forgets archived cards', () => {
    const tracker = new MoveTracker();
    tracker.observe(board([card('a', 'ready')]), 0);
    const moved = tracker.observe(board([card('a', 'doing')]), 1);
    expect(tracker.observe(board([card('a', 'doing')]), 2)).toBe(moved);
    expect(tracker.observe(board([]), 3).size).toBe(0);
  });

  it('labels the cards moved within the window, with where they came from', () => {
    const tracker = new MoveTracker();
    tracker.observe(board([card('a', 'ready'), card('b', 'ready')]), 0);
    tracker.observe(board([card('a', 'doing'), card('b', 'ready')]), MINUTE);
    const moves = tracker.observe(board([card('a', 'doing'), card('b', 'doing')]), 9 * MINUTE);
    const now = 9 * MINUTE + 30_000;
    expect(moveLabels(board([]), moves, now, 10 * MINUTE)).toEqual(
      new Map([
        ['a', 'Moved 8 min ago · from Ready'],
        ['b', 'Just moved · from Ready'],
      ]),
    );
    expect([...moveLabels(board([]), moves, 11 * MINUTE, 10 * MINUTE).keys()]).toEqual(['b']);
  });
});
