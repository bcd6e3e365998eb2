import type {
  Blocker,
  Breach,
  Card,
  Column,
  ColumnGroup,
  ColumnKind,
  Lane,
  LimitScope,
  Person,
  WipMode,
} from './model.ts';

export interface Place {
  columnId: string;
  laneId: string;
}

/** What a `board.updated` event changed: only the fields that did. */
export interface BoardChanges {
  name?: string;
  startColumnId?: string | null;
  finishColumnId?: string | null;
  sleDays?: number | null;
  slePercent?: number | null;
  sleWindowDays?: number | null;
}

/** What a `card.updated` event changed: only the fields that did. */
export interface CardChanges {
  title?: string;
  due?: string | null;
  labels?: string[];
}

/**
 * What happened to a board. The server stores each one in the event log with its time and actor,
 * and applies it to the board document.
 */
export type BoardEvent =
  | { type: 'board.created'; board: { id: string; name: string } }
  | { type: 'board.updated'; changes: BoardChanges }
  | { type: 'column.created'; column: Column }
  | {
      type: 'column.updated';
      columnId: string;
      changes: { name?: string; kind?: ColumnKind };
    }
  | { type: 'lane.created'; lane: Lane }
  | { type: 'lane.updated'; laneId: string; changes: { name: string } }
  | { type: 'card.created'; card: Card }
  | { type: 'card.updated'; cardId: string; changes: CardChanges }
  | { type: 'card.moved'; cardId: string; from: Place; to: Place; rank: string }
  | { type: 'card.archived'; cardId: string; from: Place }
  | { type: 'card.assigned'; cardId: string; assignees: string[] }
  /** A blocked interval begins (on a blocked card, the current one ends and a new one begins). */
  | { type: 'card.blocked'; cardId: string; blocker: Blocker }
  | { type: 'card.unblocked'; cardId: string }
  /** The name the board shows for a member (recorded when they are first assigned or limited). */
  | { type: 'person.named'; person: Person }
  | { type: 'group.created'; group: ColumnGroup }
  | { type: 'group.updated'; groupId: string; changes: { name?: string; columnIds?: string[] } }
  | { type: 'group.deleted'; groupId: string }
  /** A limit set, changed, or removed (`limit: null`). */
  | { type: 'limit.set'; scope: LimitScope; limit: { max: number; mode: WipMode } | null }
  /** A soft limit went over with a reason. */
  | { type: 'limit.exceeded'; breach: Breach }
  /** The scope of a breach is back within its limit (or the card or limit is gone). */
  | { type: 'breach.ended'; breachId: string; cardId: string };

export type BoardEventType = BoardEvent['type'];

/** The card an event is about, if any (the event log indexes it). */
export function eventCardId(event: BoardEvent): string | null {
  switch (event.type) {
    case 'card.created':
      return event.card.id;
    case 'card.updated':
    case 'card.moved':
    case 'card.archived':
    case 'card.assigned':
    case 'card.blocked':
    case 'card.unblocked':
    case 'breach.ended':
      return event.cardId;
    case 'limit.exceeded':
      return event.breach.cardId;
    default:
      return null;
  }
}
