import { ErrorCode, reject, type Rejection } from './errors.ts';
import { describeLoad, scopeCount, scopeKey, scopeTest, type Placement } from './limits.ts';
import type { BoardState, LimitScope, LimitScopeKind, WipLimit } from './model.ts';

/** A limit a change would take past its maximum, with what its scope holds before the change. */
export interface Excess {
  limit: WipLimit;
  count: number;
}

/** Admitted (with the soft limits it exceeds, if any), or refused naming the binding limit. */
export type Admission = { ok: true; exceeded: Excess[] } | { ok: false; rejection: Rejection };

/** The most local scope is named first when several limits bind at once. */
const SPECIFICITY: Record<LimitScopeKind, number> = { cell: 0, column: 1, group: 2, lane: 3, person: 4 };

function describeExcess(e: Excess): { scope: LimitScope; scopeKey: string; mode: string; max: number; count: number } {
  return {
    scope: e.limit.scope,
    scopeKey: scopeKey(e.limit.scope),
    mode: e.limit.mode,
    max: e.limit.max,
    count: e.count,
  };
}

function refusal(board: BoardState, code: ErrorCode, binding: Excess, all: Excess[]): Admission {
  const load = describeLoad(board, binding.limit, binding.count);
  const message = code === ErrorCode.wipLimit ? `${load}.` : `${load}. Give a reason to go over it.`;
  return {
    ok: false,
    rejection: reject(code, message, { ...describeExcess(binding), exceeded: all.map(describeExcess) }),
  };
}

/**
 * The one WIP decision: may a card go from `from` (null: it is new) to `to`? Every limit of the
 * board is looked at together. Only scopes the card enters count: reordering within a scope, or
 * leaving one, never does. A scope at or over its limit admits nothing more; a hard limit refuses,
 * a soft one admits only with a reason.
 */
export function admit(board: BoardState, from: Placement | null, to: Placement, reason?: string): Admission {
  const test = scopeTest(board);
  const excess = board.limits
    .filter((limit) => test(limit.scope, to) && !(from !== null && test(limit.scope, from)))
    .map((limit) => ({ limit, count: scopeCount(board, limit.scope, test) }))
    .filter((e) => e.count + 1 > e.limit.max)
    .sort((a, b) => SPECIFICITY[a.limit.scope.kind] - SPECIFICITY[b.limit.scope.kind]);
  const hard = excess.find((e) => e.limit.mode === 'hard');
  if (hard) return refusal(board, ErrorCode.wipLimit, hard, excess);
  const [first] = excess;
  if (first && reason === undefined) return refusal(board, ErrorCode.wipReasonRequired, first, excess);
  return { ok: true, exceeded: excess };
}
