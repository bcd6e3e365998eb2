import {
  BoardTemplates,
  createBoardEvents,
  decide,
  emptyBoard,
  evolveAll,
  type BoardEvent,
  type BoardState,
  type Command,
} from '@obeya/domain';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyEvents, readBoard } from './board-doc.ts';
import { answerSyncStep1, applySyncMessage, encodeSyncStep1, encodeUpdateMessage } from './sync-messages.ts';

let n = 0;
const ctx = {
  now: '2026-03-02T09:00:00.000Z',
  newId: () => `id-${++n}`,
  actor: { id: 'u1', name: 'Ana' },
  members: new Map([['u1', 'Ana']]),
};

function serverDoc() {
  const doc = new Y.Doc();
  applyEvents(doc, createBoardEvents({ id: 'b1', name: 'Board' }, BoardTemplates.basic, ctx));
  return doc;
}

describe('board document', () => {
  it('reads back what the events wrote', () => {
    const board = readBoard(serverDoc());
    expect(board.name).toBe('Board');
    expect(board.columns.map((c) => c.name).sort()).toEqual(['Doing', 'Done', 'To do']);
    expect(board.lanes).toHaveLength(1);
  });

  it('captures one update per batch of events, and none for no events', () => {
    const doc = serverDoc();
    const column = readBoard(doc).columns[0]!;
    const update = applyEvents(doc, [{ type: 'column.updated', columnId: column.id, changes: { name: 'Later' } }]);
    expect(update).toBeInstanceOf(Uint8Array);
    expect(applyEvents(doc, [])).toBeNull();
  });

  it('a moved card keeps its identity: set fields, never a second copy', () => {
    const doc = serverDoc();
    const b = readBoard(doc);
    const card = {
      id: 'c1',
      title: 'T',
      columnId: b.columns[0]!.id,
      laneId: b.lanes[0]!.id,
      rank: 'a0',
      createdAt: '',
      assignees: [],
      blocked: null,
    };
    applyEvents(doc, [{ type: 'card.created', card }]);
    applyEvents(doc, [
      {
        type: 'card.moved',
        cardId: 'c1',
        from: { columnId: card.columnId, laneId: card.laneId },
        to: { columnId: b.columns[1]!.id, laneId: card.laneId },
        rank: 'a1',
      },
    ]);
    expect(readBoard(doc).cards).toEqual([{ ...card, columnId: b.columns[1]!.id, rank: 'a1' }]);
  });
});

/** Lists sorted by id, so two representations of one board compare equal. */
function normalised(board: BoardState): BoardState {
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
  const byKey = [...board.limits].sort((a, b) => (JSON.stringify(a.scope) < JSON.stringify(b.scope) ? -1 : 1));
  return {
    ...board,
    columns: byId(board.columns),
    lanes: byId(board.lanes),
    cards: byId(board.cards),
    groups: byId(board.groups),
    breaches: byId(board.breaches),
    people: byId(board.people),
    limits: byKey,
  };
}

describe('the document and the rules agree', () => {
  it('applying events to the document reads back what the pure `evolve` computes, for every event type', () => {
    const doc = new Y.Doc();
    let board = emptyBoard;
    const seen = new Set<string>();
    const record = (events: BoardEvent[]) => {
      applyEvents(doc, events);
      board = evolveAll(board, events);
      events.forEach((e) => seen.add(e.type));
      expect(normalised(readBoard(doc))).toEqual(normalised(board));
    };
    record(createBoardEvents({ id: 'b1', name: 'Board' }, BoardTemplates.team, ctx));
    const columns = () => [...board.columns].sort((a, b) => (a.rank < b.rank ? -1 : 1)).map((c) => c.id);
    const run = (command: Command) => {
      const d = decide(board, command, ctx);
      if (!d.ok) throw new Error(d.rejection.message);
      record(d.events);
      return d.createdId ?? '';
    };
    const [backlog, , doing, review, done] = columns();
    const doingScope = { kind: 'column', columnId: doing! } as const;
    run({ type: 'board:update', name: 'Renamed', sleDays: 8, slePercent: 70, sleWindowDays: 30 });
    run({ type: 'board:update', slePercent: null });
    run({ type: 'column:update', columnId: backlog!, name: 'Ideas' });
    const lane = run({ type: 'lane:create', name: 'Expedite' });
    run({ type: 'lane:update', laneId: lane, name: 'Urgent' });
    const group = run({ type: 'group:create', name: 'Development', columnIds: [doing!, review!] });
    run({ type: 'group:update', groupId: group, name: 'Dev' });
    run({ type: 'limit:set', scope: doingScope, max: 1, mode: 'soft' });
    const a = run({ type: 'card:create', title: 'A', columnId: doing! });
    const b = run({ type: 'card:create', title: 'B', columnId: backlog! });
    run({ type: 'card:update', cardId: b, title: 'B2' });
    run({ type: 'card:assign', cardId: b, assignees: ['u1'] });
    run({ type: 'card:move', cardId: b, toColumnId: doing!, reason: 'Outage' });
    run({ type: 'card:move', cardId: a, toColumnId: done! });
    run({ type: 'card:block', cardId: b, reason: 'Waiting for the vendor', waste: 'waiting' });
    run({ type: 'card:block', cardId: b, reason: 'Test system down', waste: 'defects' });
    run({ type: 'card:unblock', cardId: b });
    run({ type: 'card:archive', cardId: a });
    run({ type: 'group:delete', groupId: group });
    run({ type: 'limit:set', scope: doingScope, max: null, mode: 'hard' });
    const missing = [
      'limit.exceeded',
      'breach.ended',
      'person.named',
      'group.deleted',
      'card.assigned',
      'card.blocked',
      'card.unblocked',
    ].filter((t) => !seen.has(t));
    expect(missing).toEqual([]);
  });

  it('a column limit stored on the column by an older version reads as a hard limit until replaced', () => {
    const doc = serverDoc();
    const doing = readBoard(doc).columns.find((c) => c.name === 'Doing')!;
    const scope = { kind: 'column', columnId: doing.id } as const;
    // What an older version stored: no limit entry, a field on the column.
    doc.getMap('limits').delete(`column:${doing.id}`);
    doc.getMap<Y.Map<unknown>>('columns').get(doing.id)!.set('wipLimit', 2);
    expect(readBoard(doc).limits).toEqual([{ scope, max: 2, mode: 'hard' }]);
    applyEvents(doc, [{ type: 'limit.set', scope, limit: { max: 5, mode: 'soft' } }]);
    expect(readBoard(doc).limits.filter((l) => JSON.stringify(l.scope) === JSON.stringify(scope))).toEqual([
      { scope, max: 5, mode: 'soft' },
    ]);
  });

  it('the SLE percentile and window round-trip through the document; a document from before them reads as not set', () => {
    const doc = serverDoc();
    // What an older version stored: a board map without the fields.
    expect(doc.getMap('board').has('slePercent')).toBe(false);
    expect(readBoard(doc)).toMatchObject({ sleDays: null, slePercent: null, sleWindowDays: null });
    applyEvents(doc, [{ type: 'board.updated', changes: { slePercent: 95, sleWindowDays: 14 } }]);
    const client = new Y.Doc();
    applySyncMessage(client, answerSyncStep1(doc, encodeSyncStep1(client)));
    expect(readBoard(client)).toMatchObject({ slePercent: 95, sleWindowDays: 14 });
    applyEvents(doc, [{ type: 'board.updated', changes: { sleWindowDays: null } }]);
    expect(readBoard(doc)).toMatchObject({ slePercent: 95, sleWindowDays: null });
  });
});

describe('sync handshake', () => {
  it('a new client receives the whole board, then each update', () => {
    const server = serverDoc();
    const client = new Y.Doc();
    applySyncMessage(client, answerSyncStep1(server, encodeSyncStep1(client)));
    expect(readBoard(client)).toEqual(readBoard(server));

    const column = readBoard(server).columns[0]!;
    const update = applyEvents(server, [{ type: 'column.updated', columnId: column.id, changes: { name: 'Later' } }])!;
    applySyncMessage(client, encodeUpdateMessage(update));
    expect(readBoard(client)).toEqual(readBoard(server));
  });

  it('a reconnecting client receives only what it lacks', () => {
    const server = serverDoc();
    const client = new Y.Doc();
    applySyncMessage(client, answerSyncStep1(server, encodeSyncStep1(client)));
    const full = answerSyncStep1(server, encodeSyncStep1(new Y.Doc())).byteLength;
    const column = readBoard(server).columns[0]!;
    applyEvents(server, [{ type: 'column.updated', columnId: column.id, changes: { name: 'Queue' } }]);
    const missing = answerSyncStep1(server, encodeSyncStep1(client));
    expect(missing.byteLength).toBeLessThan(full / 2);
    applySyncMessage(client, missing);
    expect(readBoard(client)).toEqual(readBoard(server));
  });

  it('refuses a message that is not a sync step 1', () => {
    const server = serverDoc();
    expect(() => answerSyncStep1(server, encodeUpdateMessage(new Uint8Array([0, 0])))).toThrow();
    expect(() => answerSyncStep1(server, new Uint8Array([0, 200, 200, 200]))).toThrow();
  });
});
