import { describe, expect, it } from 'vitest';
import { boardPath, parseRoute } from './routes.ts';

describe('card links', () => {
  it('opens a card’s details beside its board, and reads back the link it makes', () => {
    expect(parseRoute(boardPath('b 1', 'c/2'))).toEqual({ name: 'board', boardId: 'b 1', card: null, open: 'c/2' });
    expect(parseRoute(boardPath('b1'))).toEqual({ name: 'board', boardId: 'b1', card: null, open: null });
    expect(parseRoute('/boards/b1', '?card=c1')).toMatchObject({ card: 'c1', open: null });
    expect(parseRoute('/boards/b1/cards/')).toEqual({ name: 'notFound' });
  });
});
