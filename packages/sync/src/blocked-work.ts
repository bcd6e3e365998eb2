import { orderedColumns, type BoardState } from '@obeya/domain';
import type { BlockedCard } from './rest.ts';

/**
 * The blocked cards of one board, with the names a list shows next to them: what the server's
 * blocked-work list answers and what a browser derives live from the board documents it holds.
 */
export function blockedCardsOf(board: BoardState): BlockedCard[] {
  const column = new Map(orderedColumns(board).map((c) => [c.id, c.name]));
  const lane = new Map(board.lanes.map((l) => [l.id, l.name]));
  const person = new Map(board.people.map((p) => [p.id, p.name]));
  return board.cards.flatMap((card) =>
    card.blocked
      ? [
          {
            boardId: board.id,
            boardName: board.name,
            cardId: card.id,
            title: card.title,
            columnId: card.columnId,
            columnName: column.get(card.columnId) ?? '',
            laneId: card.laneId,
            laneName: lane.get(card.laneId) ?? '',
            reason: card.blocked.reason,
            waste: card.blocked.waste,
            blockedSince: card.blocked.since,
            blockedBy: card.blocked.by,
            assignees: card.assignees.map((id) => ({ id, name: person.get(id) ?? 'A former member' })),
          },
        ]
      : [],
  );
}

/** The longest blocked first; ties by card id, so the order never flickers. */
export function byLongestBlocked(a: BlockedCard, b: BlockedCard): number {
  return a.blockedSince.localeCompare(b.blockedSince) || a.cardId.localeCompare(b.cardId);
}
