import type { BoardState, Card, Column, Lane } from './model.ts';

/** Orders by fractional rank, ties broken by id, so every replica shows the same order. */
export function byRank<T extends { rank: string; id: string }>(a: T, b: T): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

export function orderedColumns(board: BoardState): Column[] {
  return [...board.columns].sort(byRank);
}

export function orderedLanes(board: BoardState): Lane[] {
  return [...board.lanes].sort(byRank);
}

/** Cards of one cell (column × lane), top to bottom. */
export function cardsInCell(board: BoardState, columnId: string, laneId: string): Card[] {
  return board.cards.filter((c) => c.columnId === columnId && c.laneId === laneId).sort(byRank);
}

/** Cards of one column across all lanes. */
export function cardsInColumn(board: BoardState, columnId: string): Card[] {
  return board.cards.filter((c) => c.columnId === columnId).sort(byRank);
}
