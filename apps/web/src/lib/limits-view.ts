import {
  ErrorCode,
  admit,
  describeLoad,
  limitLoads,
  scopeKey,
  scopeName,
  type BoardState,
  type Breach,
  type Card,
  type LimitLoad,
  type LimitScope,
  type Placement,
} from '@obeya/domain';
import { formatDateTime } from './format.ts';

/*
 * What the board shows about WIP limits, in words and states. Counting and admission are the
 * domain's (`scopeLoad`, `admit`), the same functions the server decides with; this file only
 * turns their answers into what people read.
 */

/** How a scope with a limit looks: within it, at it (nothing more may enter), or over it. */
export type LoadState = 'within' | 'full' | 'over';

export function loadState(load: LimitLoad): LoadState {
  return load.over ? 'over' : load.full ? 'full' : 'within';
}

/** The whole load in a sentence: "Doing is at its limit: 3 of 3", "Doing: 2 of 3, hard limit". */
export function loadSentence(board: BoardState, load: LimitLoad): string {
  if (load.full) return describeLoad(board, load.limit, load.count);
  return `${scopeName(board, load.limit.scope)}: ${load.count} of ${load.limit.max}, ${load.limit.mode} limit`;
}

/** The personal limits of the board, by name. */
export function personLoads(board: BoardState): LimitLoad[] {
  return limitLoads(board)
    .filter((l) => l.limit.scope.kind === 'person')
    .sort((a, b) => scopeName(board, a.limit.scope).localeCompare(scopeName(board, b.limit.scope)));
}

/** The active soft-limit breaches of one scope. */
export function breachesOf(board: BoardState, scope: LimitScope): Breach[] {
  const key = scopeKey(scope);
  return board.breaches.filter((b) => scopeKey(b.scope) === key);
}

/** The active breaches a card caused. */
export function breachesOfCard(board: BoardState, cardId: string): Breach[] {
  return board.breaches.filter((b) => b.cardId === cardId);
}

/** "Doing went over its soft limit (4 of 3): “Customer is down” — Bob Member, 12 Mar 2025, 14:05". */
export function describeBreach(board: BoardState, breach: Breach): string {
  const which = breach.scope.kind === 'person' ? 'the personal' : 'its';
  const name = scopeName(board, breach.scope);
  return `${name} went over ${which} soft limit (${breach.count} of ${breach.max}): “${breach.reason}” — ${breach.by.name}, ${formatDateTime(breach.at)}`;
}

/** The name the board knows for a person (assignee or limited member). */
export function personName(board: BoardState, userId: string): string {
  return scopeName(board, { kind: 'person', userId });
}

/** "Ann Admin" → "AA", "cher" → "C": what an assignee chip shows. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words.at(-1)?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/**
 * Whether a change may go ahead as far as this browser can tell: `open`, `reason` (over a soft
 * limit: ask why first) or `closed` (a hard limit refuses it). The server decides again.
 */
export type Verdict = { kind: 'open' } | { kind: 'reason' | 'closed'; message: string };

const OPEN: Verdict = { kind: 'open' };

/** The verdict on a card going from `from` (null: a new card) to `to`. */
export function verdictOf(board: BoardState, from: Placement | null, to: Placement): Verdict {
  const admission = admit(board, from, to);
  if (admission.ok) return OPEN;
  const { code, message } = admission.rejection;
  return { kind: code === ErrorCode.wipLimit ? 'closed' : 'reason', message };
}

/** The verdict on moving a card into a cell. */
export function moveVerdict(board: BoardState, card: Card, columnId: string, laneId: string): Verdict {
  return verdictOf(board, card, { columnId, laneId, assignees: card.assignees });
}

/** A cell's key in `cellVerdicts`. */
export const cellKey = (columnId: string, laneId: string) => `${columnId}:${laneId}`;

/** The verdict for every cell of the board on the dragged card landing there. */
export function cellVerdicts(board: BoardState, cardId: string): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  const card = board.cards.find((c) => c.id === cardId);
  if (!card) return out;
  for (const column of board.columns)
    for (const lane of board.lanes) out.set(cellKey(column.id, lane.id), moveVerdict(board, card, column.id, lane.id));
  return out;
}
