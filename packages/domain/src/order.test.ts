import { describe, expect, it } from 'vitest';
import { byRank, columnLoad } from './order.ts';
import { rankBetween } from './rank.ts';
import type { BoardState, Column } from './model.ts';

describe('order', () => {
  it('sorts by rank with ties broken by id, the same on every replica', () => {
    const items = [
      { id: 'b', rank: 'a1' },
      { id: 'a', rank: 'a1' },
      { id: 'c', rank: 'a0' },
    ];
    expect([...items].sort(byRank).map((i) => i.id)).toEqual(['c', 'a', 'b']);
  });

  it('a rank between two neighbours sorts between them, even when they tie', () => {
    const r = rankBetween('a0', 'a1');
    expect('a0' < r && r < 'a1').toBe(true);
    expect(rankBetween('a1', 'a1') > 'a1').toBe(true);
  });

  it('a column over its limit is reported as over', () => {
    const column: Column = { id: 'c', name: 'Doing', kind: 'active', wipLimit: 1, rank: 'a0' };
    const card = (id: string) => ({ id, title: id, columnId: 'c', laneId: 'l', rank: id, createdAt: '' });
    const board: BoardState = {
      id: 'b',
      name: 'b',
      startColumnId: null,
      finishColumnId: null,
      columns: [column],
      lanes: [],
      cards: [card('a1')],
    };
    expect(columnLoad(board, column)).toEqual({ count: 1, limit: 1, over: false });
    expect(columnLoad({ ...board, cards: [card('a1'), card('a2')] }, column)).toEqual({
      count: 2,
      limit: 1,
      over: true,
    });
  });
});
