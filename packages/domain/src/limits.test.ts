import { describe, expect, it } from 'vitest';
import type { Command } from './commands.ts';
import { decide } from './decide.ts';
import type { Decision } from './decision.ts';
import { evolveAll } from './evolve.ts';
import { limitLoads, scopeLoad } from './limits.ts';
import type { BoardState } from './model.ts';
import { testBoard, testContext, withCards, withLimit } from './test-board.ts';

/** Decides and, when admitted, applies: the board after the command, and the decision. */
function run(board: BoardState, command: Command, ctx = testContext()): { after: BoardState; d: Decision } {
  const d = decide(board, command, ctx);
  return { after: d.ok ? evolveAll(board, d.events) : board, d };
}

const doing = { kind: 'column', columnId: 'doing' } as const;
const move = (cardId: string, toColumnId: string, reason?: string): Command => ({
  type: 'card:move',
  cardId,
  toColumnId,
  ...(reason === undefined ? {} : { reason }),
});

describe('limit:set', () => {
  it('sets, changes the mode of, and removes a limit, each as an event', () => {
    const board = testBoard();
    const set = run(board, { type: 'limit:set', scope: doing, max: 3, mode: 'hard' });
    expect(set.d.ok && set.d.events).toEqual([{ type: 'limit.set', scope: doing, limit: { max: 3, mode: 'hard' } }]);
    const soft = run(set.after, { type: 'limit:set', scope: doing, max: 3, mode: 'soft' });
    expect(scopeLoad(soft.after, doing)?.limit.mode).toBe('soft');
    const removed = run(soft.after, { type: 'limit:set', scope: doing, max: null, mode: 'hard' });
    expect(removed.after.limits).toEqual([]);
  });

  it('may lower a limit below the count: the scope is over and admits nothing until back under', () => {
    const board = withCards(testBoard(), 'doing', 'std', 3);
    const { after } = run(board, { type: 'limit:set', scope: doing, max: 2, mode: 'hard' });
    expect(scopeLoad(after, doing)).toMatchObject({ count: 3, over: true, full: true });
    const refused = run(withCards(after, 'ready', 'std', 1), move('ready-std-0', 'doing'));
    expect(refused.d).toMatchObject({ ok: false, rejection: { code: 'WIP_LIMIT', details: { count: 3, max: 2 } } });
    // Two cards leave: 1 of 2, room for one again.
    let b = run(after, move('doing-std-0', 'review')).after;
    b = run(b, move('doing-std-1', 'review')).after;
    expect(run(withCards(b, 'ready', 'std', 1), move('ready-std-0', 'doing')).d.ok).toBe(true);
  });

  it('refuses a scope that does not exist, and a person who is not a member', () => {
    const board = testBoard();
    expect(
      run(board, { type: 'limit:set', scope: { kind: 'lane', laneId: 'nope' }, max: 2, mode: 'hard' }).d,
    ).toMatchObject({ ok: false, rejection: { code: 'NOT_FOUND' } });
    expect(
      run(board, { type: 'limit:set', scope: { kind: 'person', userId: 'zoe' }, max: 2, mode: 'hard' }).d,
    ).toMatchObject({ ok: false, rejection: { code: 'NOT_FOUND' } });
  });

  it('a person limit records the name the board shows for them', () => {
    const ctx = testContext({ cyd: 'Cyd Jones' });
    const { after } = run(
      testBoard(),
      { type: 'limit:set', scope: { kind: 'person', userId: 'cyd' }, max: 2, mode: 'soft' },
      ctx,
    );
    expect(after.people).toContainEqual({ id: 'cyd', name: 'Cyd Jones' });
  });
});

describe('soft limits: a breach with a reason, shown until it ends', () => {
  const full = withLimit(withCards(withCards(testBoard(), 'doing', 'std', 3), 'ready', 'std', 2), doing, 3, 'soft');

  it('records who went over, where, by how much and why', () => {
    const { after, d } = run(full, move('ready-std-0', 'doing', 'Customer outage'));
    expect(d.ok && d.events.map((e) => e.type)).toEqual(['card.moved', 'limit.exceeded']);
    expect(after.breaches).toEqual([
      {
        id: 'id-001',
        scope: doing,
        cardId: 'ready-std-0',
        count: 4,
        max: 3,
        reason: 'Customer outage',
        by: { id: 'ana', name: 'Ana' },
        at: '2026-03-02T09:00:00.000Z',
      },
    ]);
  });

  it('a second card over the limit records its own breach; both end when the column is back within', () => {
    let b = run(full, move('ready-std-0', 'doing', 'Outage')).after;
    b = run(b, move('ready-std-1', 'doing', 'Second outage')).after;
    expect(b.breaches.map((x) => x.count)).toEqual([4, 5]);
    const one = run(b, move('doing-std-0', 'review'));
    expect(one.after.breaches).toHaveLength(2); // 4 of 3: still over
    const two = run(one.after, move('doing-std-1', 'review'));
    expect(two.d.ok && two.d.events.filter((e) => e.type === 'breach.ended')).toHaveLength(2);
    expect(two.after.breaches).toEqual([]);
  });

  it('a breach ends when its card leaves the scope or the limit is raised', () => {
    const over = run(full, move('ready-std-0', 'doing', 'Outage')).after;
    expect(run(over, move('ready-std-0', 'review')).after.breaches).toEqual([]);
    expect(run(over, { type: 'limit:set', scope: doing, max: 5, mode: 'soft' }).after.breaches).toEqual([]);
  });

  it('an admitted move that exceeds nothing records no breach', () => {
    const { d } = run(full, move('doing-std-0', 'review', 'not needed'));
    expect(d.ok && d.events.map((e) => e.type)).toEqual(['card.moved']);
  });
});

describe('card:assign and the person scope', () => {
  const ana = { kind: 'person', userId: 'ana' } as const;

  it('assigns members, names them on the board, and refuses non-members', () => {
    const board = withCards(testBoard(), 'doing', 'std', 1);
    const ctx = testContext({ ana: 'Ana', dan: 'Dan' });
    const { after } = run(board, { type: 'card:assign', cardId: 'doing-std-0', assignees: ['dan', 'dan'] }, ctx);
    expect(after.cards[0]?.assignees).toEqual(['dan']);
    expect(after.people).toContainEqual({ id: 'dan', name: 'Dan' });
    const refused = run(board, { type: 'card:assign', cardId: 'doing-std-0', assignees: ['eve'] }, ctx);
    expect(refused.d).toMatchObject({ ok: false, rejection: { code: 'NOT_FOUND' } });
  });

  it('a person at their limit cannot take another started card; unassigning is always allowed', () => {
    const board = withLimit(withCards(withCards(testBoard(), 'doing', 'std', 2, ['ana']), 'review', 'std', 1), ana, 2);
    const refused = run(board, { type: 'card:assign', cardId: 'review-std-0', assignees: ['ana'] });
    expect(refused.d).toMatchObject({
      ok: false,
      rejection: { code: 'WIP_LIMIT', message: 'Ana is at the personal limit: 2 of 2.' },
    });
    expect(run(board, { type: 'card:assign', cardId: 'doing-std-0', assignees: [] }).d.ok).toBe(true);
  });
});

describe('column groups', () => {
  const create = (columnIds: string[]): Command => ({ type: 'group:create', name: 'Flow', columnIds });
  const bare = { ...testBoard(), groups: [] };

  it('spans adjacent columns, kept in board order', () => {
    const { after } = run(bare, create(['review', 'doing']));
    expect(after.groups).toEqual([{ id: 'id-001', name: 'Flow', columnIds: ['doing', 'review'] }]);
  });

  it('refuses columns that are not adjacent, and columns already in another group', () => {
    expect(run(bare, create(['ready', 'review'])).d).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_WORKFLOW' },
    });
    expect(run(testBoard(), create(['ready', 'doing'])).d).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_WORKFLOW', message: expect.stringContaining('Development') },
    });
  });

  it('a column added between two of its columns joins the group, so the limit covers it', () => {
    const board = withLimit(withCards(testBoard(), 'doing', 'std', 2), { kind: 'group', groupId: 'dev' }, 2);
    const { after, d } = run(board, {
      type: 'column:create',
      name: 'Test',
      kind: 'active',
      wipLimit: null,
      afterColumnId: 'doing',
    });
    const id = d.ok ? d.createdId : undefined;
    expect(after.groups[0]?.columnIds).toEqual(['doing', id, 'review']);
    const ready = withCards(after, 'ready', 'std', 1);
    expect(run(ready, move('ready-std-0', id ?? '')).d).toMatchObject({ ok: false, rejection: { code: 'WIP_LIMIT' } });
  });

  it('deleting a group removes its limit too', () => {
    const board = withLimit(testBoard(), { kind: 'group', groupId: 'dev' }, 4);
    const { after } = run(board, { type: 'group:delete', groupId: 'dev' });
    expect(after.groups).toEqual([]);
    expect(limitLoads(after)).toEqual([]);
  });
});
