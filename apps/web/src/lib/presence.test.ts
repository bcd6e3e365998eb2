import type { PresenceEntry } from '@obeya/sync';
import { describe, expect, it } from 'vitest';
import { cardPresence, namesInWords } from './presence.ts';

const person = (id: string, name: string, cards: string[], dragging: string | null = null): PresenceEntry => ({
  id,
  name,
  kind: 'user',
  cards,
  dragging,
});

describe('presence at cards', () => {
  it('shows others with a card open or dragging it, never yourself or a wall screen', () => {
    const byCard = cardPresence(
      [
        person('me', 'Me', ['c1'], 'c1'),
        person('ada', 'Ada', ['c1', 'c2']),
        person('bob', 'Bob', [], 'c1'),
        { id: 'w', name: 'Hall', kind: 'wall', cards: ['c1'], dragging: null },
      ],
      'me',
    );
    expect(byCard.get('c1')?.open.map((p) => p.name)).toEqual(['Ada']);
    expect(byCard.get('c1')?.moving.map((p) => p.name)).toEqual(['Bob']);
    expect(byCard.get('c2')?.open.map((p) => p.name)).toEqual(['Ada']);
    expect(byCard.has('c3')).toBe(false);
  });

  it('names people the way a sentence does', () => {
    expect(namesInWords([{ name: 'Ada' }])).toBe('Ada');
    expect(namesInWords([{ name: 'Ada' }, { name: 'Bob' }, { name: 'Cy' }])).toBe('Ada, Bob and Cy');
  });
});
