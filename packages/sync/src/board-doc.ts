import * as Y from 'yjs';
import {
  scopeKey,
  type BoardEvent,
  type BoardState,
  type Breach,
  type Card,
  type Column,
  type ColumnGroup,
  type Lane,
  type Person,
  type WipLimit,
} from '@obeya/domain';

/*
 * Layout of a board document. Each column, lane and card is a Y.Map of fields inside a top-level
 * map keyed by id. Order is a rank field, never a position in a Y.Array: concurrent delete+insert
 * moves in an array duplicate cards. Fields are set one by one, never by replacing a whole map.
 */
const BOARD = 'board';
const COLUMNS = 'columns';
const LANES = 'lanes';
const CARDS = 'cards';
const GROUPS = 'groups';
/** Keyed by `scopeKey`, so a scope has at most one limit. */
const LIMITS = 'limits';
const BREACHES = 'breaches';
const PEOPLE = 'people';

// Any plain object; interfaces have no index signature, so not Record<string, unknown>.
type Fields = object;

function setFields(target: Y.Map<unknown>, fields: Fields): void {
  for (const [key, value] of Object.entries(fields) as Array<[string, unknown]>)
    if (value !== undefined) target.set(key, value);
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
    case 'card.assigned':
      return updateEntity(doc, CARDS, event.cardId, { assignees: event.assignees });
    case 'card.blocked':
      return updateEntity(doc, CARDS, event.cardId, { blocked: event.blocker });
    case 'card.unblocked':
      return updateEntity(doc, CARDS, event.cardId, { blocked: null });
    case 'person.named':
      if (doc.getMap(PEOPLE).has(event.person.id)) return updateEntity(doc, PEOPLE, event.person.id, event.person);
      return addEntity(doc, PEOPLE, event.person);
    case 'group.created':
      return addEntity(doc, GROUPS, event.group);
    case 'group.updated':
      return updateEntity(doc, GROUPS, event.groupId, event.changes);
    case 'group.deleted':
      doc.getMap(GROUPS).delete(event.groupId);
      return;
    case 'limit.set':
      return setLimit(doc, event.scope, event.limit);
    case 'limit.exceeded':
      return addEntity(doc, BREACHES, event.breach);
    case 'breach.ended':
      doc.getMap(BREACHES).delete(event.breachId);
      return;
  }
}

function setLimit(doc: Y.Doc, scope: WipLimit['scope'], limit: Omit<WipLimit, 'scope'> | null): void {
  const key = scopeKey(scope);
  const limits = doc.getMap<Y.Map<unknown>>(LIMITS);
  // Limits set before scopes existed lived on the column; the limit entry replaces that field.
  if (scope.kind === 'column') doc.getMap<Y.Map<unknown>>(COLUMNS).get(scope.columnId)?.delete('wipLimit');
  if (limit === null) limits.delete(key);
  else if (limits.has(key)) updateEntity(doc, LIMITS, key, limit);
  else {
    const entry = { id: key, scope, ...limit };
    addEntity(doc, LIMITS, entry);
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

type StoredColumn = Column & { wipLimit?: number | null };

/**
 * The board's limits. A column limit set before limits had scopes is a `wipLimit` field on the
 * column; it reads as a hard column limit until a limit is set on that column.
 */
function readLimits(doc: Y.Doc, columns: StoredColumn[]): WipLimit[] {
  const limits = values<WipLimit & { id: string }>(doc, LIMITS).map(({ scope, max, mode }) => ({ scope, max, mode }));
  const keys = new Set(limits.map((l) => scopeKey(l.scope)));
  for (const column of columns) {
    if (typeof column.wipLimit === 'number' && !keys.has(`column:${column.id}`)) {
      limits.push({ scope: { kind: 'column', columnId: column.id }, max: column.wipLimit, mode: 'hard' });
    }
  }
  return limits;
}

/** Reads the board's structure out of its document. */
export function readBoard(doc: Y.Doc): BoardState {
  const board = doc.getMap(BOARD);
  const columns = values<StoredColumn>(doc, COLUMNS);
  return {
    id: String(board.get('id') ?? ''),
    name: String(board.get('name') ?? ''),
    startColumnId: (board.get('startColumnId') as string | null | undefined) ?? null,
    // Documents from before a setting existed lack its field: not set.
    sleDays: (board.get('sleDays') as number | null | undefined) ?? null,
    slePercent: (board.get('slePercent') as number | null | undefined) ?? null,
    sleWindowDays: (board.get('sleWindowDays') as number | null | undefined) ?? null,
    finishColumnId: (board.get('finishColumnId') as string | null | undefined) ?? null,
    columns: columns.map(({ id, name, kind, rank }) => ({ id, name, kind, rank })),
    lanes: values<Lane>(doc, LANES),
    // Cards from before assignees and blocking existed have none and are not blocked.
    cards: values<Omit<Card, 'assignees' | 'blocked'> & Partial<Card>>(doc, CARDS).map((card) => ({
      ...card,
      assignees: card.assignees ?? [],
      blocked: card.blocked ?? null,
    })),
    groups: values<ColumnGroup>(doc, GROUPS),
    limits: readLimits(doc, columns),
    breaches: values<Breach>(doc, BREACHES),
    people: values<Person>(doc, PEOPLE),
  };
}

/** A value inside a board document, copied: maps field by field, everything else (plain JSON) as is. */
function copyValue(value: unknown): unknown {
  if (value instanceof Y.Map) {
    const copy = new Y.Map<unknown>();
    value.forEach((field: unknown, key: string) => copy.set(key, copyValue(field)));
    return copy;
  }
  if (value instanceof Y.AbstractType) throw new Error('a board document holds only maps and plain values');
  return value;
}

/**
 * A new document with the same content as `doc` and none of its history. Yjs keeps a small record
 * of every value a map key ever held (about 30 bytes a move), so a busy board's document grows
 * without end; starting it afresh from this copy is what keeps a board of a year loading like a
 * new one. The copy has new item ids: clients must take it as a new document (see `BoardReplica`).
 */
export function freshBoardDoc(doc: Y.Doc): Y.Doc {
  const fresh = new Y.Doc();
  fresh.transact(() => {
    for (const name of doc.share.keys()) {
      const from = doc.getMap<unknown>(name);
      if (from.size === 0) continue;
      const to = fresh.getMap<unknown>(name);
      from.forEach((value, key) => to.set(key, copyValue(value)));
    }
  });
  return fresh;
}
