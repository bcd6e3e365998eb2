import { cardsInCell, orderedColumns, orderedLanes, rankBetween, type BoardState, type Card } from '@obeya/domain';

/** Where a card should go: the fields of a `card:move` command. */
export interface MoveRequest {
  cardId: string;
  toColumnId: string;
  toLaneId: string;
  /** The card that will sit right below the moved card. */
  beforeCardId?: string;
  /** The card that will sit right above the moved card. */
  afterCardId?: string;
  /** Why the card goes over a soft limit; sent only after the person was asked. */
  reason?: string;
}

/** A move shown before the server has answered. */
export interface PendingMove {
  cardId: string;
  columnId: string;
  laneId: string;
  rank: string;
}

/** Computes where a move puts the card in `board`, the same way the server will (null: card gone). */
export function predictMove(board: BoardState, move: MoveRequest): PendingMove | null {
  if (!board.cards.some((c) => c.id === move.cardId)) return null;
  const others = cardsInCell(board, move.toColumnId, move.toLaneId).filter((c) => c.id !== move.cardId);
  const index = (id: string | undefined) => (id === undefined ? -1 : others.findIndex((c) => c.id === id));
  const after = index(move.afterCardId);
  const before = index(move.beforeCardId);
  let above: Card | undefined;
  let below: Card | undefined;
  if (after >= 0) [above, below] = [others[after], others[after + 1]];
  else if (before >= 0) [above, below] = [others[before - 1], others[before]];
  else above = others.at(-1);
  const rank = rankBetween(above?.rank ?? null, below?.rank ?? null);
  return { cardId: move.cardId, columnId: move.toColumnId, laneId: move.toLaneId, rank };
}

/** The synced board with the not yet acknowledged moves laid over it. */
export function withPendingMoves(board: BoardState, pending: Iterable<PendingMove>): BoardState {
  const byCard = new Map<string, PendingMove>();
  for (const move of pending) byCard.set(move.cardId, move); // later moves of the same card win
  if (byCard.size === 0) return board;
  const cards = board.cards.map((card) => {
    const move = byCard.get(card.id);
    return move ? { ...card, columnId: move.columnId, laneId: move.laneId, rank: move.rank } : card;
  });
  return { ...board, cards };
}

/** True when the request would leave the card exactly where it is. */
export function isNoOpMove(board: BoardState, move: MoveRequest): boolean {
  const card = board.cards.find((c) => c.id === move.cardId);
  if (!card || card.columnId !== move.toColumnId || card.laneId !== move.toLaneId) return false;
  const cell = cardsInCell(board, card.columnId, card.laneId);
  const i = cell.findIndex((c) => c.id === card.id);
  return cell[i - 1]?.id === move.afterCardId && cell[i + 1]?.id === move.beforeCardId;
}

/** A sentence describing where a card now is, for the screen-reader announcement. */
export function describePosition(board: BoardState, cardId: string): string {
  const card = board.cards.find((c) => c.id === cardId);
  if (!card) return '';
  const column = board.columns.find((c) => c.id === card.columnId);
  const lane = board.lanes.length > 1 ? board.lanes.find((l) => l.id === card.laneId) : undefined;
  const cell = cardsInCell(board, card.columnId, card.laneId);
  const where = lane ? `${column?.name ?? '?'} – ${lane.name}` : (column?.name ?? '?');
  return `Moved ${card.title} to ${where}, position ${cell.findIndex((c) => c.id === cardId) + 1} of ${cell.length}`;
}

/** The cards of a column top to bottom across its lanes, as they appear on screen. */
export function columnCards(board: BoardState, columnId: string): Card[] {
  return orderedLanes(board).flatMap((lane) => cardsInCell(board, columnId, lane.id));
}

/** Neighbouring column of a card's column (-1 left, +1 right), or undefined at the edge. */
export function adjacentColumnId(board: BoardState, columnId: string, step: -1 | 1): string | undefined {
  const columns = orderedColumns(board);
  const i = columns.findIndex((c) => c.id === columnId);
  return i < 0 ? undefined : columns[i + step]?.id;
}
