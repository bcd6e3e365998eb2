import type { Card, Column, ColumnKind, Lane } from './model.ts';

export interface Place {
  columnId: string;
  laneId: string;
}

/**
 * What happened to a board. The server stores each one in the event log with its time and actor,
 * and applies it to the board document.
 */
export type BoardEvent =
  | { type: 'board.created'; board: { id: string; name: string } }
  | {
      type: 'board.updated';
      changes: { name?: string; startColumnId?: string | null; finishColumnId?: string | null };
    }
  | { type: 'column.created'; column: Column }
  | {
      type: 'column.updated';
      columnId: string;
      changes: { name?: string; kind?: ColumnKind; wipLimit?: number | null };
    }
  | { type: 'lane.created'; lane: Lane }
  | { type: 'lane.updated'; laneId: string; changes: { name: string } }
  | { type: 'card.created'; card: Card }
  | { type: 'card.updated'; cardId: string; changes: { title: string } }
  | { type: 'card.moved'; cardId: string; from: Place; to: Place; rank: string }
  | { type: 'card.archived'; cardId: string; from: Place };

export type BoardEventType = BoardEvent['type'];

/** The card an event is about, if any (the event log indexes it). */
export function eventCardId(event: BoardEvent): string | null {
  switch (event.type) {
    case 'card.created':
      return event.card.id;
    case 'card.updated':
    case 'card.moved':
    case 'card.archived':
      return event.cardId;
    default:
      return null;
  }
}
