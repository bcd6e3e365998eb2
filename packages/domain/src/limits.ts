import type { BoardState, LimitScope, WipLimit } from './model.ts';
import { orderedColumns } from './order.ts';

/** Where a card sits, as far as WIP limits are concerned. */
export interface Placement {
  columnId: string;
  laneId: string;
  assignees: readonly string[];
}

/** One key per scope, so a board holds at most one limit per scope. */
export function scopeKey(scope: LimitScope): string {
  switch (scope.kind) {
    case 'column':
      return `column:${scope.columnId}`;
    case 'lane':
      return `lane:${scope.laneId}`;
    case 'cell':
      return `cell:${scope.columnId}:${scope.laneId}`;
    case 'group':
      return `group:${scope.groupId}`;
    case 'person':
      return `person:${scope.userId}`;
  }
}

/**
 * The columns holding started, not finished work: from the commitment point up to, not
 * including, the delivery point. Without them set, work starts in the first column and is
 * finished in the last, the same defaults the flow-log export uses.
 */
export function startedColumnIds(board: BoardState): Set<string> {
  const columns = orderedColumns(board);
  const at = (id: string | null, fallback: number) => {
    const i = id === null ? -1 : columns.findIndex((c) => c.id === id);
    return i === -1 ? fallback : i;
  };
  const start = at(board.startColumnId, 0);
  const finish = at(board.finishColumnId, columns.length - 1);
  return new Set(columns.slice(start, finish).map((c) => c.id));
}

/** Tells whether a placement falls inside a scope; built once per board state. */
export type ScopeTest = (scope: LimitScope, place: Placement) => boolean;

export function scopeTest(board: BoardState): ScopeTest {
  const started = startedColumnIds(board);
  const groups = new Map(board.groups.map((g) => [g.id, new Set(g.columnIds)]));
  return (scope, place) => {
    switch (scope.kind) {
      case 'column':
        return place.columnId === scope.columnId;
      case 'lane':
        return place.laneId === scope.laneId && started.has(place.columnId);
      case 'cell':
        return place.columnId === scope.columnId && place.laneId === scope.laneId;
      case 'group':
        return groups.get(scope.groupId)?.has(place.columnId) ?? false;
      case 'person':
        return place.assignees.includes(scope.userId) && started.has(place.columnId);
    }
  };
}

/** How many cards a scope holds. */
export function scopeCount(board: BoardState, scope: LimitScope, test: ScopeTest = scopeTest(board)): number {
  return board.cards.reduce((n, card) => (test(scope, card) ? n + 1 : n), 0);
}

export function findLimit(board: BoardState, scope: LimitScope): WipLimit | undefined {
  const key = scopeKey(scope);
  return board.limits.find((l) => scopeKey(l.scope) === key);
}

/** A limit with what its scope holds now. */
export interface LimitLoad {
  limit: WipLimit;
  count: number;
  /** True when nothing more may enter without going over (or further over). */
  full: boolean;
  /** True when the scope holds more than its limit. */
  over: boolean;
}

export function limitLoad(board: BoardState, limit: WipLimit, test: ScopeTest = scopeTest(board)): LimitLoad {
  const count = scopeCount(board, limit.scope, test);
  return { limit, count, full: count >= limit.max, over: count > limit.max };
}

/** Every limit of the board with its load. */
export function limitLoads(board: BoardState): LimitLoad[] {
  const test = scopeTest(board);
  return board.limits.map((limit) => limitLoad(board, limit, test));
}

/** The load of one scope's limit, or undefined when the scope has none. */
export function scopeLoad(board: BoardState, scope: LimitScope): LimitLoad | undefined {
  const limit = findLimit(board, scope);
  return limit && limitLoad(board, limit);
}

/** The scope's name in a sentence: "Doing", "the Expedite lane", "Doing in Expedite", "Ana". */
export function scopeName(board: BoardState, scope: LimitScope): string {
  const column = (id: string) => board.columns.find((c) => c.id === id)?.name ?? 'A removed column';
  const lane = (id: string) => board.lanes.find((l) => l.id === id)?.name ?? 'a removed lane';
  switch (scope.kind) {
    case 'column':
      return column(scope.columnId);
    case 'lane':
      return `The ${lane(scope.laneId)} lane`;
    case 'cell':
      return `${column(scope.columnId)} in ${lane(scope.laneId)}`;
    case 'group':
      return board.groups.find((g) => g.id === scope.groupId)?.name ?? 'A removed column group';
    case 'person':
      return board.people.find((p) => p.id === scope.userId)?.name ?? 'A former member';
  }
}

/** "Doing is at its limit: 3 of 3", "Ana is over the personal limit: 3 of 2". */
export function describeLoad(board: BoardState, limit: WipLimit, count: number): string {
  const name = scopeName(board, limit.scope);
  const state = count > limit.max ? 'over' : 'at';
  const which = limit.scope.kind === 'person' ? 'the personal' : 'its';
  const soft = limit.mode === 'soft' ? ' soft' : '';
  return `${name} is ${state} ${which}${soft} limit: ${count} of ${limit.max}`;
}
