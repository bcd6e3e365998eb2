import { boardUpdates } from '@obeya/db';
import { orderedColumns } from '@obeya/domain';
import { freshBoardDoc } from '@obeya/sync';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COMPACT_AFTER_ROWS } from '../src/realtime/doc-store.ts';
import {
  boardContent,
  boardOf,
  createStore,
  signUp,
  startServer,
  storeKinds,
  TestClient,
  waitFor,
  type RunningServer,
  type Store,
  type TestUser,
} from './helpers.ts';

const bytes = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc).byteLength;
/** What a document holds beyond its content: the record of overwritten values. */
const history = (doc: Y.Doc) => bytes(doc) - bytes(freshBoardDoc(doc));

const CARDS = 30;
/** Enough moves for the history to pass the busy bound twice; half the cards end in the last column. */
const MOVES = 6 * COMPACT_AFTER_ROWS + CARDS / 2;

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function serve(store: Store): Promise<RunningServer> {
  const server = await startServer(store);
  cleanup.push(() => server.close().catch(() => undefined));
  return server;
}

async function join(server: RunningServer, boardId: string, person: TestUser): Promise<TestClient> {
  const client = await TestClient.connect(server.url, boardId, person);
  cleanup.push(() => client.close());
  return client;
}

/** A board with CARDS cards in its first column; returns it with a way to move them back and forth. */
async function busyBoard(server: RunningServer, owner: TestUser) {
  const boardId = await boardOf(server, owner, 'Busy');
  const columns = orderedColumns(await server.boards.getBoard(boardId));
  const first = columns[0]!.id;
  const last = columns.at(-1)!.id;
  const cards: string[] = [];
  for (let i = 0; i < CARDS; i++) {
    const ack = await server.boards.execute(
      boardId,
      randomUUID(),
      { type: 'card:create', title: `Card ${i}`, columnId: first },
      owner.user,
    );
    if (!ack.ok || !ack.createdId) throw new Error('card not created');
    cards.push(ack.createdId);
  }
  /** Moves `count` times, card by card, between the first and the last column (neither is limited). */
  let moved = 0;
  const move = async (on: RunningServer, count: number) => {
    for (const end = moved + count; moved < end; moved++) {
      const i = moved;
      const toColumnId = Math.floor(i / CARDS) % 2 === 0 ? last : first;
      const ack = await on.boards.execute(
        boardId,
        randomUUID(),
        { type: 'card:move', cardId: cards[i % CARDS]!, toColumnId },
        owner.user,
      );
      expect(ack).toEqual({ ok: true });
    }
  };
  return { boardId, move };
}

/**
 * Yjs keeps a record of every value a card's column and rank ever had, so a busy board's document
 * grows by some 30 bytes a move. Such a document is started afresh (a new epoch): while in use once
 * its history passes its content, when quiet once it passes a fifth. A board after months loads and
 * syncs like a new one, and every copy of it, on clients and on other nodes, is replaced by the new
 * document without losing or doubling anything.
 */
describe.each(storeKinds)('a busy board started afresh on %s', (kind) => {
  it('keeps the document near the size of its content; open, returning and new clients all hold the same board', async () => {
    const store = await createStore(kind);
    cleanup.push(() => store.drop());
    let server = await serve(store);
    const ann = await signUp(server, 'Ann');
    const { boardId, move } = await busyBoard(server, ann);
    const live = await join(server, boardId, ann);
    const away = await join(server, boardId, ann);
    const whenNew = bytes(live.doc);
    away.socket.disconnect();

    // In use: started afresh whenever the history passes the content (without, some 35 KB of it).
    await move(server, MOVES);
    let room = await server.boards.openBoard(boardId);
    const busy = room.epoch;
    expect(busy).toBeGreaterThanOrEqual(2);
    expect(bytes(room.doc)).toBeLessThan(3 * whenNew);

    // Quiet: a history past 8 KB (a fifth of the content, at least 8 KB) goes too, once.
    while (history(room.doc) < 9 * 1024) await move(server, 20);
    expect(room.epoch).toBe(busy);
    // Its own commits' notifications make this node read the board again: let those finish.
    await server.feed?.settled();
    await server.boards.tidyQuiet(0);
    room = await server.boards.openBoard(boardId);
    expect(room.epoch).toBe(busy + 1);
    expect(history(room.doc)).toBeLessThan(512);
    await server.boards.tidyQuiet(0);
    expect((await server.boards.openBoard(boardId)).epoch).toBe(busy + 1);
    const reference = boardContent(room.doc);

    // The open client followed every fresh start; a new one gets the board at its size.
    await waitFor(
      () => live.replica.epoch === room.epoch && isDeepStrictEqual(boardContent(live.doc), reference),
      'the open client to follow',
    );
    expect(Y.encodeStateVector(live.doc)).toEqual(Y.encodeStateVector(room.doc));
    expect(live.doc.store.pendingStructs).toBeNull();
    expect(live.doc.store.pendingDs).toBeNull();
    const newcomer = await join(server, boardId, ann);
    expect(boardContent(newcomer.doc)).toEqual(reference);
    expect(bytes(newcomer.doc)).toBe(bytes(room.doc));

    // A client that was away with a copy of an earlier epoch gets the new document whole.
    expect(away.replica.epoch).toBe(0);
    away.socket.connect();
    await waitFor(() => away.joins === 2, 'the returning client to join again');
    expect(away.replica.epoch).toBe(room.epoch);
    expect(boardContent(away.doc)).toEqual(reference);
    expect(away.doc.store.pendingStructs).toBeNull();

    // Stored as one row of the new epoch and its tail, it loads back the same after a restart.
    const rows = await server.database.db
      .select({ epoch: boardUpdates.epoch })
      .from(boardUpdates)
      .where(eq(boardUpdates.boardId, boardId));
    expect(new Set(rows.map((r) => r.epoch))).toEqual(new Set([room.epoch]));
    for (const c of [live, away, newcomer]) c.close();
    await server.close();
    server = await serve(store);
    const reloaded = await server.boards.openBoard(boardId);
    expect(reloaded.epoch).toBe(room.epoch);
    expect(boardContent(reloaded.doc)).toEqual(reference);

    // And the board goes on: a move after the restart reaches a client of the new epoch.
    const after = await join(server, boardId, ann);
    await move(server, 1);
    await waitFor(
      () =>
        isDeepStrictEqual(boardContent(after.doc), boardContent(reloaded.doc)) &&
        !isDeepStrictEqual(boardContent(after.doc), reference),
      'the next move to arrive',
    );
  });
});

// Several nodes share one database only on PostgreSQL.
describe.runIf(storeKinds.includes('postgres'))('a fresh start across nodes (needs DATABASE_URL)', () => {
  it('another node and its clients follow a fresh start made on this one', async () => {
    const store = await createStore('postgres');
    cleanup.push(() => store.drop());
    const a = await serve(store);
    const b = await serve(store);
    const ann = await signUp(a, 'Ann');
    const { boardId, move } = await busyBoard(a, ann);
    const onA = await join(a, boardId, ann);
    const onB = await join(b, boardId, ann);

    await move(a, MOVES);
    const roomA = await a.boards.openBoard(boardId);
    expect(roomA.epoch).toBeGreaterThanOrEqual(2);
    await waitFor(
      () => onB.replica.epoch === roomA.epoch && isDeepStrictEqual(boardContent(onB.doc), boardContent(roomA.doc)),
      'the client on the other node to follow',
    );
    expect(onB.doc.store.pendingStructs).toBeNull();
    const roomB = await b.boards.openBoard(boardId);
    expect(roomB.epoch).toBe(roomA.epoch);
    expect(boardContent(roomB.doc)).toEqual(boardContent(roomA.doc));

    // The other node writes on the new document, and this node's client sees it.
    await move(b, 3);
    await waitFor(
      () =>
        isDeepStrictEqual(boardContent(onA.doc), boardContent(roomB.doc)) &&
        isDeepStrictEqual(boardContent(onB.doc), boardContent(roomB.doc)),
      'both clients to see the other node’s moves',
    );
    expect(onA.doc.store.pendingStructs).toBeNull();
  });
});
