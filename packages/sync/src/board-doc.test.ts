import { BoardTemplates, createBoardEvents } from '@obeya/domain';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyEvents, readBoard } from './board-doc.ts';
import { answerSyncStep1, applySyncMessage, encodeSyncStep1, encodeUpdateMessage } from './sync-messages.ts';

let n = 0;
const ctx = { now: '2026-03-02T09:00:00.000Z', newId: () => `id-${++n}` };

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

describe('sync handshake', () => {
  it('a new client receives the whole board, then each update', () => {
    const server = serverDoc();
    const client = new Y.Doc();
    applySyncMessage(client, answerSyncStep1(server, encodeSyncStep1(client)));
    expect(readBoard(client)).toEqual(readBoard(server));

    const column = readBoard(server).columns[0]!;
    const update = applyEvents(server, [{ type: 'column.updated', columnId: column.id, changes: { wipLimit: 7 } }])!;
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
