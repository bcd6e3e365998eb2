import { describe, expect, it } from 'vitest';
import { admit } from './admission.ts';
import type { Placement } from './limits.ts';
import type { BoardState, LimitScope, WipMode } from './model.ts';
import { testBoard, withCards, withLimit, type ColumnId, type LaneId } from './test-board.ts';

const at = (columnId: ColumnId, laneId: LaneId = 'std', assignees: string[] = []): Placement => ({
  columnId,
  laneId,
  assignees,
});

const column = (columnId: ColumnId): LimitScope => ({ kind: 'column', columnId });
const lane = (laneId: LaneId): LimitScope => ({ kind: 'lane', laneId });
const cell = (columnId: ColumnId, laneId: LaneId): LimitScope => ({ kind: 'cell', columnId, laneId });
const group: LimitScope = { kind: 'group', groupId: 'dev' };
const person = (userId: string): LimitScope => ({ kind: 'person', userId });

interface Row {
  name: string;
  /** The board before the change. */
  board: BoardState;
  from: Placement | null;
  to: Placement;
  reason?: string;
  /** `admit`, `admit with breach of <scope kind>`, or the refusal code with the binding scope and numbers. */
  expected:
    | { ok: true; exceeded?: LimitScope[] }
    | { ok: false; code: string; scope: LimitScope; count: number; max: number; message?: string };
}

/** Three cards in Doing (std), two in Review (exp), one assigned to Ana in Doing. */
const busy = withCards(withCards(testBoard(), 'doing', 'std', 3, ['ana']), 'review', 'exp', 2);
const limited = (scope: LimitScope, max: number, mode: WipMode = 'hard') => withLimit(busy, scope, max, mode);

const rows: Row[] = [
  {
    name: 'column: a move into a full column is refused, named with its numbers',
    board: limited(column('doing'), 3),
    from: at('ready'),
    to: at('doing'),
    expected: {
      ok: false,
      code: 'WIP_LIMIT',
      scope: column('doing'),
      count: 3,
      max: 3,
      message: 'Doing is at its limit: 3 of 3.',
    },
  },
  {
    name: 'column: a move into a column with room is admitted',
    board: limited(column('doing'), 4),
    from: at('ready'),
    to: at('doing'),
    expected: { ok: true },
  },
  {
    name: 'column: counts every lane',
    board: limited(column('doing'), 3),
    from: at('ready', 'exp'),
    to: at('doing', 'exp'),
    expected: { ok: false, code: 'WIP_LIMIT', scope: column('doing'), count: 3, max: 3 },
  },
  {
    name: 'column: moving to another lane of the same full column does not count against it',
    board: limited(column('doing'), 3),
    from: at('doing', 'std'),
    to: at('doing', 'exp'),
    expected: { ok: true },
  },
  {
    name: 'column: reordering within a full column is admitted',
    board: limited(column('doing'), 3),
    from: at('doing'),
    to: at('doing'),
    expected: { ok: true },
  },
  {
    name: 'column: a new card counts like a move in',
    board: limited(column('doing'), 3),
    from: null,
    to: at('doing'),
    expected: { ok: false, code: 'WIP_LIMIT', scope: column('doing'), count: 3, max: 3 },
  },
  {
    name: 'column: a column over its limit (lowered) admits nothing and says so',
    board: limited(column('doing'), 2),
    from: at('ready'),
    to: at('doing'),
    expected: {
      ok: false,
      code: 'WIP_LIMIT',
      scope: column('doing'),
      count: 3,
      max: 2,
      message: 'Doing is over its limit: 3 of 2.',
    },
  },
  {
    name: 'column: leaving a column over its limit is admitted',
    board: limited(column('doing'), 2),
    from: at('doing'),
    to: at('review'),
    expected: { ok: true },
  },
  {
    name: 'lane: counts started work of the lane only',
    board: limited(lane('exp'), 2),
    from: at('backlog', 'exp'),
    to: at('ready', 'exp'),
    expected: {
      ok: false,
      code: 'WIP_LIMIT',
      scope: lane('exp'),
      count: 2,
      max: 2,
      message: 'The Expedite lane is at its limit: 2 of 2.',
    },
  },
  {
    name: 'lane: the backlog (before the commitment point) is outside the lane scope',
    board: limited(lane('exp'), 2),
    from: at('ready', 'std'),
    to: at('backlog', 'exp'),
    expected: { ok: true },
  },
  {
    name: 'lane: Done (the delivery point) is outside the lane scope',
    board: limited(lane('exp'), 2),
    from: at('ready', 'std'),
    to: at('done', 'exp'),
    expected: { ok: true },
  },
  {
    name: 'lane: moving within started work of the same lane does not count',
    board: limited(lane('exp'), 2),
    from: at('review', 'exp'),
    to: at('doing', 'exp'),
    expected: { ok: true },
  },
  {
    name: 'cell: counts one lane of one column',
    board: limited(cell('doing', 'std'), 3),
    from: at('ready', 'std'),
    to: at('doing', 'std'),
    expected: {
      ok: false,
      code: 'WIP_LIMIT',
      scope: cell('doing', 'std'),
      count: 3,
      max: 3,
      message: 'Doing in Standard is at its limit: 3 of 3.',
    },
  },
  {
    name: 'cell: the other lane of the same column has room',
    board: limited(cell('doing', 'std'), 3),
    from: at('ready', 'exp'),
    to: at('doing', 'exp'),
    expected: { ok: true },
  },
  {
    name: 'group: counts its columns together',
    board: limited(group, 5),
    from: at('ready'),
    to: at('review'),
    expected: {
      ok: false,
      code: 'WIP_LIMIT',
      scope: group,
      count: 5,
      max: 5,
      message: 'Development is at its limit: 5 of 5.',
    },
  },
  {
    name: 'group: moving between its own columns does not count against it',
    board: limited(group, 5),
    from: at('doing'),
    to: at('review'),
    expected: { ok: true },
  },
  {
    name: 'person: counts cards assigned to them in started work',
    board: limited(person('ana'), 3),
    from: at('ready', 'std', ['ana']),
    to: at('doing', 'std', ['ana']),
    // The card was already Ana's and already started: it does not enter her scope.
    expected: { ok: true },
  },
  {
    name: 'person: a card of theirs entering started work is refused at their limit',
    board: limited(person('ana'), 3),
    from: at('backlog', 'std', ['ana']),
    to: at('ready', 'std', ['ana']),
    expected: {
      ok: false,
      code: 'WIP_LIMIT',
      scope: person('ana'),
      count: 3,
      max: 3,
      message: 'Ana is at the personal limit: 3 of 3.',
    },
  },
  {
    name: 'person: assigning them a started card is refused at their limit',
    board: limited(person('ana'), 3),
    from: at('review', 'exp'),
    to: at('review', 'exp', ['ana']),
    expected: { ok: false, code: 'WIP_LIMIT', scope: person('ana'), count: 3, max: 3 },
  },
  {
    name: 'person: another person is not limited by it',
    board: limited(person('ana'), 3),
    from: at('review', 'exp'),
    to: at('review', 'exp', ['ben']),
    expected: { ok: true },
  },
  {
    name: 'soft: without a reason the move is refused and asks for one',
    board: limited(column('doing'), 3, 'soft'),
    from: at('ready'),
    to: at('doing'),
    expected: {
      ok: false,
      code: 'WIP_REASON_REQUIRED',
      scope: column('doing'),
      count: 3,
      max: 3,
      message: 'Doing is at its soft limit: 3 of 3. Give a reason to go over it.',
    },
  },
  {
    name: 'soft: with a reason the move is admitted and the excess reported',
    board: limited(column('doing'), 3, 'soft'),
    from: at('ready'),
    to: at('doing'),
    reason: 'Production incident',
    expected: { ok: true, exceeded: [column('doing')] },
  },
  {
    name: 'soft and hard together: the hard limit binds, a reason does not help',
    board: withLimit(limited(column('doing'), 3, 'soft'), group, 5, 'hard'),
    from: at('ready'),
    to: at('doing'),
    reason: 'Production incident',
    expected: { ok: false, code: 'WIP_LIMIT', scope: group, count: 5, max: 5 },
  },
  {
    name: 'several hard limits: the most local one is named',
    board: withLimit(withLimit(limited(group, 5), column('doing'), 3), cell('doing', 'std'), 3),
    from: at('ready'),
    to: at('doing'),
    expected: { ok: false, code: 'WIP_LIMIT', scope: cell('doing', 'std'), count: 3, max: 3 },
  },
  {
    name: 'no limits: everything is admitted',
    board: busy,
    from: at('backlog'),
    to: at('doing', 'exp', ['ana']),
    expected: { ok: true },
  },
];

describe('admit: one decision over every scope and mode', () => {
  it.each(rows)('$name', ({ board, from, to, reason, expected }) => {
    const result = admit(board, from, to, reason);
    if (expected.ok) {
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (result.ok) expect(result.exceeded.map((e) => e.limit.scope)).toEqual(expected.exceeded ?? []);
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe(expected.code);
    expect(result.rejection.details).toMatchObject({ scope: expected.scope, count: expected.count, max: expected.max });
    if (expected.message) expect(result.rejection.message).toBe(expected.message);
  });

  it('lists every limit that binds, not only the named one', () => {
    const board = withLimit(limited(column('doing'), 3, 'soft'), group, 5, 'soft');
    const result = admit(board, at('ready'), at('doing'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const exceeded = result.rejection.details?.['exceeded'] as Array<{ scope: LimitScope }>;
    expect(exceeded.map((e) => e.scope)).toEqual([column('doing'), group]);
  });
});
