import type { BoardState } from '@obeya/domain';
import { formatDuration } from './format.ts';

/** A card seen changing column, and when. */
export interface SeenMove {
  at: number;
  fromColumnId: string;
}

/** Card id → its latest move seen. */
export type SeenMoves = ReadonlyMap<string, SeenMove>;

export const NO_MOVES: SeenMoves = new Map();

/**
 * Notices cards changing column. The board document holds only where cards are, not when they
 * got there, so each state of the document is compared with the one before; a card moved while
 * the screen was offline counts from when it resynced.
 */
export class MoveTracker {
  /** Where each card was last seen. */
  readonly #columns = new Map<string, string>();
  #moves: SeenMoves = NO_MOVES;

  /** Compares `board` with the state seen before; answers every move seen, a new map only when it changed. */
  observe(board: BoardState, now: number): SeenMoves {
    let moves: Map<string, SeenMove> | null = null;
    const present = new Set<string>();
    for (const card of board.cards) {
      present.add(card.id);
      const before = this.#columns.get(card.id);
      // A card seen for the first time (the page just loaded, or it was just added) did not move.
      if (before !== undefined && before !== card.columnId) {
        (moves ??= new Map(this.#moves)).set(card.id, { at: now, fromColumnId: before });
      }
      this.#columns.set(card.id, card.columnId);
    }
    // Archived cards are forgotten, so a screen left on for months holds only the board's cards.
    for (const id of this.#columns.keys()) {
      if (present.has(id)) continue;
      this.#columns.delete(id);
      if (this.#moves.has(id)) (moves ??= new Map(this.#moves)).delete(id);
    }
    if (moves) this.#moves = moves;
    return this.#moves;
  }
}

/** What each card moved within `windowMs` before `now` says: "Moved 4 min ago · from Ready". */
export function moveLabels(board: BoardState, moves: SeenMoves, now: number, windowMs: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, move] of moves) {
    const ago = now - move.at;
    if (ago >= windowMs) continue;
    const when = ago < 60_000 ? 'Just moved' : `Moved ${formatDuration(ago)} ago`;
    const from = board.columns.find((c) => c.id === move.fromColumnId)?.name;
    out.set(id, from ? `${when} · from ${from}` : when);
  }
  return out;
}
