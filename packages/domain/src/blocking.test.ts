import { describe, expect, it } from 'vitest';
import { admit } from './admission.ts';
import { CommandSchemas } from './commands.ts';
import { decide } from './decide.ts';
import { evolveAll } from './evolve.ts';
import type { BoardState } from './model.ts';
import { testBoard, testContext, withCards, withLimit } from './test-board.ts';

const ctx = testContext();
function run(board: BoardState, command: Parameters<typeof decide>[1]) {
  const d = decide(board, command, ctx);
  return { d, after: d.ok ? evolveAll(board, d.events) : board };
}

describe('blocking', () => {
  const board = withCards(testBoard(), 'doing', 'std', 1);
  const cardId = 'doing-std-0';

  it('records the reason, the waste, when and by whom; unblocking clears it', () => {
    const blocked = run(board, { type: 'card:block', cardId, reason: 'Waiting for the vendor', waste: 'waiting' });
    expect(blocked.after.cards[0]?.blocked).toEqual({
      reason: 'Waiting for the vendor',
      waste: 'waiting',
      since: ctx.now,
      by: ctx.actor,
    });
    const unblocked = run(blocked.after, { type: 'card:unblock', cardId });
    expect(unblocked.d.ok && unblocked.d.events).toEqual([{ type: 'card.unblocked', cardId }]);
    expect(unblocked.after.cards[0]?.blocked).toBeNull();
  });

  it('a new reason starts a new interval; the same reason again, or unblocking an unblocked card, changes nothing', () => {
    const first = run(board, { type: 'card:block', cardId, reason: 'Vendor', waste: 'waiting' }).after;
    expect(run(first, { type: 'card:block', cardId, reason: 'Vendor', waste: 'waiting' }).d).toEqual({
      ok: true,
      events: [],
    });
    const other = run(first, { type: 'card:block', cardId, reason: 'Test system down', waste: 'defects' });
    expect(other.d.ok && other.d.events.map((e) => e.type)).toEqual(['card.blocked']);
    expect(run(board, { type: 'card:unblock', cardId }).d).toEqual({ ok: true, events: [] });
  });

  it('a blocked card still counts against the limits of its scopes', () => {
    const full = withLimit(board, { kind: 'column', columnId: 'doing' }, 1);
    const blocked = run(full, { type: 'card:block', cardId, reason: 'Vendor', waste: 'waiting' }).after;
    const result = admit(
      blocked,
      { columnId: 'ready', laneId: 'std', assignees: [] },
      {
        columnId: 'doing',
        laneId: 'std',
        assignees: [],
      },
    );
    expect(result).toMatchObject({ ok: false, rejection: { code: 'WIP_LIMIT', details: { count: 1, max: 1 } } });
  });

  it('refuses an unknown card, and a waste that is not one of the eight', () => {
    expect(run(board, { type: 'card:block', cardId: 'gone', reason: 'x', waste: 'waiting' }).d).toMatchObject({
      ok: false,
      rejection: { code: 'NOT_FOUND' },
    });
    const schema = CommandSchemas['card:block'];
    expect(schema.safeParse({ cardId, reason: 'x', waste: 'laziness' }).success).toBe(false);
    expect(schema.parse({ cardId, reason: 'x' }).waste).toBe('waiting');
  });
});
