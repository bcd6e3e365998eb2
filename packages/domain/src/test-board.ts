import type { DecisionContext } from './decision.ts';
import { emptyBoard } from './evolve.ts';
import type { BoardState, Card, LimitScope, WipLimit, WipMode } from './model.ts';

/*
 * A small board for the WIP tests, built by hand so each test reads as a picture:
 *
 *            Backlog | Ready | Doing | Review | Done
 *   Standard
 *   Expedite
 *
 * Work starts in Ready and is finished in Done; "Development" groups Doing and Review.
 * Columns, lanes and people have readable ids: the column names in lower case, `std`, `exp`,
 * `ana`, `ben`.
 */
export const COLUMNS = ['backlog', 'ready', 'doing', 'review', 'done'] as const;
export type ColumnId = (typeof COLUMNS)[number];
export type LaneId = 'std' | 'exp';

const title = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

export function testBoard(): BoardState {
  return {
    ...emptyBoard,
    id: 'b',
    name: 'Team',
    startColumnId: 'ready',
    finishColumnId: 'done',
    columns: COLUMNS.map((id, i) => ({ id, name: title(id), kind: 'queue', rank: `a${i}` })),
    lanes: [
      { id: 'std', name: 'Standard', rank: 'a0' },
      { id: 'exp', name: 'Expedite', rank: 'a1' },
    ],
    groups: [{ id: 'dev', name: 'Development', columnIds: ['doing', 'review'] }],
    people: [
      { id: 'ana', name: 'Ana' },
      { id: 'ben', name: 'Ben' },
    ],
  };
}

/** Adds `n` cards to a cell, named `<column>-<lane>-<i>` (suffix distinguishes batches). */
export function withCards(
  board: BoardState,
  columnId: ColumnId,
  laneId: LaneId,
  n: number,
  assignees: string[] = [],
  suffix = '',
): BoardState {
  const cards: Card[] = Array.from({ length: n }, (_, i) => ({
    id: `${columnId}-${laneId}-${i}${suffix}`,
    title: `${columnId} ${i}`,
    columnId,
    laneId,
    rank: `a${i}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    assignees,
    blocked: null,
  }));
  return { ...board, cards: [...board.cards, ...cards] };
}

export function withLimit(board: BoardState, scope: LimitScope, max: number, mode: WipMode = 'hard'): BoardState {
  const limit: WipLimit = { scope, max, mode };
  return { ...board, limits: [...board.limits, limit] };
}

/** Deterministic ids and clock, so every run decides the same. */
export function testContext(members: Record<string, string> = { ana: 'Ana', ben: 'Ben' }): DecisionContext {
  let n = 0;
  return {
    now: '2026-03-02T09:00:00.000Z',
    newId: () => `id-${String(++n).padStart(3, '0')}`,
    actor: { id: 'ana', name: 'Ana' },
    members: new Map(Object.entries(members)),
  };
}
