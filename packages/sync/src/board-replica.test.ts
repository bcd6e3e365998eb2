import { BoardTemplates, createBoardEvents, ErrorCode, type BoardEvent } from '@obeya/domain';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyEvents, freshBoardDoc, readBoard } from './board-doc.ts';
import { BoardReplica } from './board-replica.ts';
import type { JoinAck } from './protocol.ts';
import { answerSyncStep1, encodeUpdateMessage, encodeWholeSyncStep2 } from './sync-messages.ts';

let n = 0;
const ctx = { now: '2026-03-02T09:00:00.000Z', newId: () => `id-${++n}`, actor: { id: 'u1', name: 'Ana' } };

/** A board with `cards` cards in its first column. */
function boardWithCards(cards: number): Y.Doc {
  const doc = new Y.Doc();
  applyEvents(doc, createBoardEvents({ id: 'b1', name: 'Board' }, BoardTemplates.basic, ctx));
  const board = readBoard(doc);
  const columnId = board.columns[0]!.id;
  const laneId = board.lanes[0]!.id;
  const created: BoardEvent[] = Array.from({ length: cards }, (_, i) => ({
    type: 'card.created',
    card: {
      id: `c${i}`,
      title: `Card ${i}`,
      columnId,
      laneId,
      rank: `a${i}`,
      createdAt: ctx.now,
      assignees: [],
      blocked: null,
    },
  }));
  applyEvents(doc, created);
  return doc;
}

/** Moves card `i % cards` to the next column, `moves` times, one update each (as the referee does). */
function move(doc: Y.Doc, moves: number, cards: number): Uint8Array[] {
  const columns = readBoard(doc).columns.map((c) => c.id);
  const laneId = readBoard(doc).lanes[0]!.id;
  return Array.from({ length: moves }, (_, i) => {
    const from = { columnId: columns[i % columns.length]!, laneId };
    const to = { columnId: columns[(i + 1) % columns.length]!, laneId };
    return applyEvents(doc, [{ type: 'card.moved', cardId: `c${i % cards}`, from, to, rank: `b${i}` }])!;
  });
}

/** Every non-empty root map (a document lists a root as soon as code asks for it, even unused). */
const content = (doc: Y.Doc) =>
  Object.fromEntries(
    [...doc.share.keys()].filter((k) => doc.getMap(k).size > 0).map((k) => [k, doc.getMap(k).toJSON()]),
  );
const size = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc).byteLength;

describe('a board document started afresh', () => {
  it('holds the same content without the history of overwritten values', () => {
    const doc = boardWithCards(30);
    const whenNew = size(doc);
    move(doc, 3000, 30);
    expect(size(doc)).toBeGreaterThan(2 * whenNew);

    const fresh = freshBoardDoc(doc);
    expect(content(fresh)).toEqual(content(doc));
    expect(readBoard(fresh)).toEqual(readBoard(doc));
    // Only the new ranks differ in length from the new board's.
    expect(size(fresh)).toBeLessThan(1.1 * whenNew);
    // And it goes on as a board document.
    move(fresh, 1, 30);
    expect(readBoard(fresh).cards.find((c) => c.id === 'c0')?.rank).toBe('b0');
  });
});

describe('a client copy across epochs', () => {
  it('a message of a later epoch replaces the copy; one of an earlier epoch is ignored', () => {
    const server = boardWithCards(5);
    const seen: Y.Doc[] = [];
    const replica = new BoardReplica((doc) => seen.push(doc));
    replica.apply(0, encodeWholeSyncStep2(server));
    const late = move(server, 1, 5)[0]!;

    const restarted = freshBoardDoc(server);
    replica.apply(1, encodeWholeSyncStep2(restarted));
    expect(replica.epoch).toBe(1);
    expect(seen.at(-1)).toBe(replica.doc);
    expect(content(replica.doc)).toEqual(content(restarted));
    expect(Y.encodeStateVector(replica.doc)).toEqual(Y.encodeStateVector(restarted));

    // Applied to the new copy, this epoch-0 update would add items whose neighbours it lacks.
    replica.apply(0, encodeUpdateMessage(late));
    expect(replica.doc.store.pendingStructs).toBeNull();
    const next = move(restarted, 1, 5)[0]!;
    replica.apply(1, encodeUpdateMessage(next));
    expect(content(replica.doc)).toEqual(content(restarted));
  });

  it('a join tells the server the copy’s epoch and applies the answer of the server’s epoch', async () => {
    const server = freshBoardDoc(boardWithCards(5));
    const replica = new BoardReplica();
    replica.apply(0, encodeWholeSyncStep2(boardWithCards(5)));
    const sent: number[] = [];
    const ack = await replica.join(async (request): Promise<JoinAck> => {
      sent.push(request.epoch);
      const syncStep2 = request.epoch === 2 ? answerSyncStep1(server, request.syncStep1) : encodeWholeSyncStep2(server);
      return { ok: true, epoch: 2, syncStep2, presence: [], role: 'member' };
    }, 'b1');
    expect(ack.ok).toBe(true);
    expect(sent).toEqual([0]);
    expect(replica.epoch).toBe(2);
    expect(content(replica.doc)).toEqual(content(server));
  });

  it('messages that arrive before a join is answered wait for the answer to say which document they belong to', async () => {
    const old = boardWithCards(5);
    const replica = new BoardReplica();
    replica.apply(0, encodeWholeSyncStep2(old));
    const server = freshBoardDoc(old);
    const change = move(server, 1, 5)[0]!;
    const ack = await replica.join(async (): Promise<JoinAck> => {
      // A change committed after the server answered, delivered before the answer.
      replica.apply(1, encodeUpdateMessage(change));
      expect(replica.epoch).toBe(0);
      expect(content(replica.doc)).toEqual(content(old));
      return { ok: true, epoch: 1, syncStep2: encodeWholeSyncStep2(server), presence: [], role: 'member' };
    }, 'b1');
    expect(ack.ok).toBe(true);
    expect(replica.epoch).toBe(1);
    expect(content(replica.doc)).toEqual(content(server));
    expect(replica.doc.store.pendingStructs).toBeNull();
  });

  it('after a refused join, held messages of another epoch are dropped (the next join brings them)', async () => {
    const old = boardWithCards(5);
    const replica = new BoardReplica();
    replica.apply(0, encodeWholeSyncStep2(old));
    const later = move(freshBoardDoc(old), 1, 5)[0]!;
    const same = move(old, 1, 5)[0]!;
    await replica.join(async (): Promise<JoinAck> => {
      replica.apply(1, encodeUpdateMessage(later));
      replica.apply(0, encodeUpdateMessage(same));
      return { ok: false, error: { code: ErrorCode.internal, message: 'no answer' } };
    }, 'b1');
    expect(replica.epoch).toBe(0);
    expect(content(replica.doc)).toEqual(content(old));
  });

  it('the answer to a join is the server’s document, even of an earlier epoch (a restored database)', async () => {
    const replica = new BoardReplica();
    replica.apply(3, encodeWholeSyncStep2(boardWithCards(2)));
    const restored = boardWithCards(4);
    await replica.join(
      async (): Promise<JoinAck> => ({
        ok: true,
        epoch: 1,
        syncStep2: encodeWholeSyncStep2(restored),
        presence: [],
        role: 'viewer',
      }),
      'b1',
    );
    expect(replica.epoch).toBe(1);
    expect(content(replica.doc)).toEqual(content(restored));
  });
});
