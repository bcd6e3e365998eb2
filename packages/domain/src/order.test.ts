import { describe, expect, it } from 'vitest';
import { byRank } from './order.ts';
import { rankBetween } from './rank.ts';

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
});
