import { describe, expect, it } from 'vitest';
import { CommandSchemas } from './commands.ts';
import { decide } from './decide.ts';
import type { DecisionContext } from './decision.ts';
import { evolveAll, emptyBoard } from './evolve.ts';
import { scopeLoad } from './limits.ts';
import type { BoardState } from './model.ts';
import { cardsInCell } from './order.ts';
import { BoardTemplates, createBoardEvents, demoBoardEvents } from './templates.ts';

/** Deterministic ids and clock, so every run decides the same. */
function context(): DecisionContext {
  let n = 0;
  return {
    now: '2026-03-02T09:00:00.000Z',
    newId: () => `id-${String(++n).padStart(3, '0')}`,
    actor: { id: 'u1', name: 'Ana' },
  };
}

const apply = evolveAll;
const empty = emptyBoard;

function demo() {
  const ctx = context();
  const board = apply(empty, demoBoardEvents({ id: 'b1', name: 'Team board' }, ctx));
  const col = (name: string) => board.columns.find((c) => c.name === name)!;
  return { board, ctx, col, lane: board.lanes[0]!.id };
}

/** The demo board with no WIP limits, for tests about order and position only. */
function unlimited() {
  const d = demo();
  return { ...d, board: { ...d.board, limits: [] } };
}

function titles(board: BoardState, columnId: string, laneId: string): string[] {
  return cardsInCell(board, columnId, laneId).map((c) => c.title);
}

describe('board templates', () => {
  it('the demo board has the team workflow, limits, commitment and delivery points, and a dozen cards', () => {
    const { board, col } = demo();
    const limit = (columnId: string) => scopeLoad(board, { kind: 'column', columnId })?.limit.max ?? null;
    expect(board.columns.map((c) => [c.name, c.kind, limit(c.id)])).toEqual([
      ['Backlog', 'queue', null],
      ['Ready', 'queue', 4],
      ['Doing', 'active', 3],
      ['Review', 'queue', 2],
      ['Done', 'queue', null],
    ]);
    expect(board.startColumnId).toBe(col('Ready').id);
    expect(board.finishColumnId).toBe(col('Done').id);
    expect(board.cards).toHaveLength(12);
  });

  it('a new board from the basic template has one lane and work starting in Doing', () => {
    const board = apply(empty, createBoardEvents({ id: 'b', name: 'New' }, BoardTemplates.basic, context()));
    expect(board.lanes).toHaveLength(1);
    expect(board.columns.find((c) => c.id === board.startColumnId)?.name).toBe('Doing');
  });
});

describe('card:create', () => {
  it('adds the card at the bottom of the first lane of the column', () => {
    const { board, ctx, col, lane } = demo();
    const d = decide(board, { type: 'card:create', title: 'New work', columnId: col('Backlog').id }, ctx);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const after = apply(board, d.events);
    expect(titles(after, col('Backlog').id, lane).at(-1)).toBe('New work');
    expect(d.createdId).toBe(after.cards.at(-1)?.id);
  });

  it('refuses an unknown column with NOT_FOUND and changes nothing', () => {
    const { board, ctx } = demo();
    const d = decide(board, { type: 'card:create', title: 'x', columnId: 'nope' }, ctx);
    expect(d).toMatchObject({ ok: false, rejection: { code: 'NOT_FOUND' } });
  });
});

describe('card:move', () => {
  it('moves a card to the bottom of another column and records where it came from', () => {
    const { board, ctx, col, lane } = unlimited();
    const card = cardsInCell(board, col('Ready').id, lane)[0]!;
    const d = decide(board, { type: 'card:move', cardId: card.id, toColumnId: col('Doing').id }, ctx);
    expect(d.ok && d.events[0]).toMatchObject({
      type: 'card.moved',
      from: { columnId: col('Ready').id },
      to: { columnId: col('Doing').id, laneId: lane },
    });
    const after = apply(board, d.ok ? d.events : []);
    expect(titles(after, col('Doing').id, lane).at(-1)).toBe(card.title);
    expect(titles(after, col('Ready').id, lane)).not.toContain(card.title);
  });

  it('places the card between the named neighbours', () => {
    const { board, ctx, col, lane } = unlimited();
    const doing = cardsInCell(board, col('Doing').id, lane);
    const card = cardsInCell(board, col('Backlog').id, lane)[0]!;
    const d = decide(
      board,
      { type: 'card:move', cardId: card.id, toColumnId: col('Doing').id, afterCardId: doing[0]!.id },
      ctx,
    );
    const after = apply(board, d.ok ? d.events : []);
    expect(titles(after, col('Doing').id, lane)).toEqual([
      doing[0]!.title,
      card.title,
      doing[1]!.title,
      doing[2]!.title,
    ]);
  });

  it('reorders within a column, up to the top with beforeCardId', () => {
    const { board, ctx, col, lane } = demo();
    const backlog = cardsInCell(board, col('Backlog').id, lane);
    const last = backlog.at(-1)!;
    const d = decide(
      board,
      { type: 'card:move', cardId: last.id, toColumnId: col('Backlog').id, beforeCardId: backlog[0]!.id },
      ctx,
    );
    const after = apply(board, d.ok ? d.events : []);
    expect(titles(after, col('Backlog').id, lane)[0]).toBe(last.title);
    expect(titles(after, col('Backlog').id, lane)).toHaveLength(backlog.length);
  });

  it('a move to where the card already is changes nothing', () => {
    const { board, ctx, col, lane } = demo();
    const backlog = cardsInCell(board, col('Backlog').id, lane);
    const d = decide(
      board,
      { type: 'card:move', cardId: backlog[1]!.id, toColumnId: col('Backlog').id, afterCardId: backlog[0]!.id },
      ctx,
    );
    expect(d).toEqual({ ok: true, events: [] });
  });

  it('refuses neighbours that are not in the target cell with INVALID_POSITION', () => {
    const { board, ctx, col, lane } = demo();
    const card = cardsInCell(board, col('Backlog').id, lane)[0]!;
    const elsewhere = cardsInCell(board, col('Done').id, lane)[0]!;
    const d = decide(
      board,
      { type: 'card:move', cardId: card.id, toColumnId: col('Doing').id, beforeCardId: elsewhere.id },
      ctx,
    );
    expect(d).toMatchObject({ ok: false, rejection: { code: 'INVALID_POSITION' } });
  });

  it('keeps a consistent order after many moves back and forth', () => {
    const { col, lane, ...rest } = demo();
    let board = rest.board;
    const ctx = rest.ctx;
    for (let i = 0; i < 60; i++) {
      const doing = cardsInCell(board, col('Doing').id, lane);
      const card = doing.at(-1)!;
      const d = decide(
        board,
        { type: 'card:move', cardId: card.id, toColumnId: col('Doing').id, beforeCardId: doing[0]!.id },
        ctx,
      );
      board = apply(board, d.ok ? d.events : []);
    }
    const ranks = cardsInCell(board, col('Doing').id, lane).map((c) => c.rank);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(board.cards).toHaveLength(12);
  });
});

describe('card:update and card:archive', () => {
  it('retitles a card and archives it off the board', () => {
    const { board, ctx } = demo();
    const card = board.cards[0]!;
    const renamed = decide(board, { type: 'card:update', cardId: card.id, title: 'Renamed' }, ctx);
    expect(renamed.ok && renamed.events).toEqual([
      { type: 'card.updated', cardId: card.id, changes: { title: 'Renamed' } },
    ]);
    const archived = decide(board, { type: 'card:archive', cardId: card.id }, ctx);
    expect(apply(board, archived.ok ? archived.events : []).cards.some((c) => c.id === card.id)).toBe(false);
    expect(decide(board, { type: 'card:archive', cardId: 'gone' }, ctx)).toMatchObject({
      ok: false,
      rejection: { code: 'NOT_FOUND' },
    });
  });

  it('sets and clears a due date and labels, recording only what changed', () => {
    const { board, ctx } = demo();
    const card = board.cards[0]!;
    const set = decide(board, { type: 'card:update', cardId: card.id, due: '2026-12-03', labels: ['ux', 'api'] }, ctx);
    expect(set.ok && set.events).toEqual([
      { type: 'card.updated', cardId: card.id, changes: { due: '2026-12-03', labels: ['ux', 'api'] } },
    ]);
    const after = apply(board, set.ok ? set.events : []);
    expect(after.cards[0]).toMatchObject({ due: '2026-12-03', labels: ['ux', 'api'] });
    const same = decide(after, { type: 'card:update', cardId: card.id, title: card.title, labels: ['ux', 'api'] }, ctx);
    expect(same.ok && same.events).toEqual([]);
    const cleared = decide(after, { type: 'card:update', cardId: card.id, due: null, labels: [] }, ctx);
    expect(cleared.ok && cleared.events).toEqual([
      { type: 'card.updated', cardId: card.id, changes: { due: null, labels: [] } },
    ]);
  });

  it('refuses a day that does not exist and repeated labels', () => {
    const schema = CommandSchemas['card:update'];
    expect(schema.safeParse({ cardId: 'c', due: '2026-02-30' }).success).toBe(false);
    expect(schema.safeParse({ cardId: 'c', due: '3 Dec' }).success).toBe(false);
    expect(schema.safeParse({ cardId: 'c', labels: ['UX', 'ux'] }).success).toBe(false);
    expect(schema.safeParse({ cardId: 'c', labels: Array.from({ length: 11 }, (_, i) => `l${i}`) }).success).toBe(
      false,
    );
    expect(schema.safeParse({ cardId: 'c', due: '2026-02-28', labels: ['UX', 'api'] }).success).toBe(true);
  });
});

describe('columns, lanes and the workflow', () => {
  it('adds a column after a given one', () => {
    const { board, ctx, col } = demo();
    const d = decide(
      board,
      { type: 'column:create', name: 'Test', kind: 'active', wipLimit: 2, afterColumnId: col('Doing').id },
      ctx,
    );
    const after = apply(board, d.ok ? d.events : []);
    const names = [...after.columns].sort((a, b) => (a.rank < b.rank ? -1 : 1)).map((c) => c.name);
    expect(names).toEqual(['Backlog', 'Ready', 'Doing', 'Test', 'Review', 'Done']);
  });

  it('a new column with a limit gets a hard limit on that column', () => {
    const { board, ctx } = demo();
    const d = decide(board, { type: 'column:create', name: 'Test', kind: 'active', wipLimit: 2 }, ctx);
    const after = apply(board, d.ok ? d.events : []);
    const id = d.ok ? d.createdId! : '';
    expect(scopeLoad(after, { kind: 'column', columnId: id })?.limit).toEqual({
      scope: { kind: 'column', columnId: id },
      max: 2,
      mode: 'hard',
    });
  });

  it('refuses a commitment point right of the delivery point', () => {
    const { board, ctx, col } = demo();
    const d = decide(
      board,
      { type: 'board:update', startColumnId: col('Done').id, finishColumnId: col('Ready').id },
      ctx,
    );
    expect(d).toMatchObject({ ok: false, rejection: { code: 'INVALID_WORKFLOW' } });
  });

  it('adds and renames swimlanes', () => {
    const { board, ctx } = demo();
    const d = decide(board, { type: 'lane:create', name: 'Expedite' }, ctx);
    const after = apply(board, d.ok ? d.events : []);
    expect(after.lanes.map((l) => l.name)).toEqual(['Standard', 'Expedite']);
    const r = decide(after, { type: 'lane:update', laneId: d.ok ? d.createdId! : '', name: 'Urgent' }, ctx);
    expect(apply(after, r.ok ? r.events : []).lanes.map((l) => l.name)).toEqual(['Standard', 'Urgent']);
  });
});
