import * as Y from 'yjs';
import type { BoardEvent, BoardState, Card, Column, Lane } from '@obeya/domain';

/*
 * Layout of a board document. Each column, lane and card is a Y.Map of fields inside a top-level
 * map keyed by id. Order is a rank field, never a position in a Y.Array: concurrent delete+insert
 * moves in an array duplicate cards. Fields are set one by one, never by replacing a whole map.
 */
const BOARD = 'board';
const COLUMNS = 'columns';
const LANES = 'lanes';
const CARDS = 'cards';

type Fields = Record<string, unknown>;

function setFields(target: Y.Map<unknown>, fields: Fields): void {
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) target.set(key, value);
}

function addEntity(doc: Y.Doc, collection: string, entity: { id: string } & Fields): void {
  const map = new Y.Map<unknown>();
  doc.getMap<Y.Map<unknown>>(collection).set(entity.id, map);
  setFields(map, entity);
}

function updateEntity(doc: Y.Doc, collection: string, id: string, fields: Fields): void {
  const map = doc.getMap<Y.Map<unknown>>(collection).get(id);
  if (map) setFields(map, fields);
}

/** Applies one event to the board document. Only the server calls this on the shared document. */
export function applyEvent(doc: Y.Doc, event: BoardEvent): void {
  switch (event.type) {
    case 'board.created':
      return setFields(doc.getMap(BOARD), { ...event.board, startColumnId: null, finishColumnId: null });
    case 'board.updated':
      return setFields(doc.getMap(BOARD), event.changes);
    case 'column.created':
      return addEntity(doc, COLUMNS, event.column);
    case 'column.updated':
      return updateEntity(doc, COLUMNS, event.columnId, event.changes);
    case 'lane.created':
      return addEntity(doc, LANES, event.lane);
    case 'lane.updated':
      return updateEntity(doc, LANES, event.laneId, event.changes);
    case 'card.created':
      return addEntity(doc, CARDS, event.card);
    case 'card.updated':
      return updateEntity(doc, CARDS, event.cardId, event.changes);
    case 'card.moved':
      return updateEntity(doc, CARDS, event.cardId, { ...event.to, rank: event.rank });
    case 'card.archived':
      doc.getMap(CARDS).delete(event.cardId);
      return;
  }
}

/** Applies events in one Yjs transaction and returns the resulting update (empty events: null). */
export function applyEvents(doc: Y.Doc, events: readonly BoardEvent[]): Uint8Array | null {
  if (events.length === 0) return null;
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array) => {
    update = update === null ? u : Y.mergeUpdates([update, u]);
  };
  doc.on('update', capture);
  try {
    doc.transact(() => {
      for (const event of events) applyEvent(doc, event);
    });
  } finally {
    doc.off('update', capture);
  }
  return update;
}

function values<T>(doc: Y.Doc, collection: string): T[] {
  const out: T[] = [];
  doc.getMap<Y.Map<unknown>>(collection).forEach((map) => out.push(map.toJSON() as T));
  return out;
}

/** Reads the board's structure out of its document. */
export function readBoard(doc: Y.Doc): BoardState {
  const board = doc.getMap(BOARD);
  return {
    id: String(board.get('id') ?? ''),
    name: String(board.get('name') ?? ''),
    startColumnId: (board.get('startColumnId') as string | null | undefined) ?? null,
    finishColumnId: (board.get('finishColumnId') as string | null | undefined) ?? null,
    columns: values<Column>(doc, COLUMNS),
    lanes: values<Lane>(doc, LANES),
    cards: values<Card>(doc, CARDS),
  };
}
