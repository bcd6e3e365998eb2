import { boardUpdates, cardContentUpdates } from '@obeya/db';
import { orderedColumns, Role, type BoardState, type CommandName } from '@obeya/domain';
import { descriptionOf, readComments } from '@obeya/sync';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COMPACT_AFTER_ROWS } from '../src/realtime/doc-store.ts';
import { CardReplica } from './card-helpers.ts';
import {
  boardContent,
  boardOf,
  createStore,
  principal,
  signUp,
  startServer,
  storeKinds,
  TestClient,
  waitFor,
  type RunningServer,
  type Store,
  type TestUser,
} from './helpers.ts';

/** Everything a card's content document holds: the description with its formatting, and the comments. */
const cardContent = (doc: Y.Doc) => ({ description: descriptionOf(doc).toDelta(), comments: readComments(doc) });

/** A small seeded generator, so a failure can be replayed. */
function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
}

/** A day's worth of board work, many times over: creates, moves, renames, labels, blocks, archives. */
function nextCommand(board: BoardState, pick: (n: number) => number, i: number): [CommandName, object] {
  const columns = orderedColumns(board);
  const cards = board.cards;
  const card = cards[pick(Math.max(cards.length, 1))];
  if (!card || (cards.length < 30 && pick(4) === 0)) {
    return ['card:create', { title: `Card ${i}`, columnId: columns[pick(columns.length)]!.id }];
  }
  const cardId = card.id;
  switch (pick(7)) {
    case 0:
      return ['card:update', { cardId, title: `Renamed ${i}` }];
    case 1:
      return ['card:update', { cardId, labels: pick(2) ? ['urgent'] : [], due: pick(2) ? '2026-12-01' : null }];
    case 2:
      return card.blocked ? ['card:unblock', { cardId }] : ['card:block', { cardId, reason: `Waiting ${i}` }];
    case 3:
      return ['card:archive', { cardId }];
    default:
      return ['card:move', { cardId, toColumnId: columns[pick(columns.length)]!.id }];
  }
}

/**
 * Compaction folds a document's update log into a snapshot, and unloading drops it from memory:
 * neither may change what the document holds. A client that received every update one by one
 * (never compacted) is the reference for the server's compacted, unloaded and reloaded copies.
 */
describe.each(storeKinds)('compaction and unloading on %s', (kind) => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function serve(store: Store): Promise<RunningServer> {
    // The test's own editor sends faster than a person types.
    const server = await startServer(store, 0, { gateway: { messageRate: { burst: 1e6, perSecond: 1e6 } } });
    // A test may have closed it already, to restart.
    cleanup.push(() => server.close().catch(() => undefined));
    return server;
  }

  async function freshStore(): Promise<Store> {
    const store = await createStore(kind);
    cleanup.push(() => store.drop());
    return store;
  }

  async function join(server: RunningServer, boardId: string, person: TestUser): Promise<TestClient> {
    const client = await TestClient.connect(server.url, boardId, person);
    cleanup.push(() => client.close());
    return client;
  }

  it('a board after a month of changes: compacted, unloaded and reloaded, it holds exactly what a live client holds', async () => {
    const store = await freshStore();
    let server = await serve(store);
    const ann = await signUp(server, 'Ann');
    const boardId = await boardOf(server, ann, 'A month');
    const live = await join(server, boardId, ann);
    let updates = 0;
    live.socket.on('board:synced', () => (updates += 1));

    const pick = seeded(20261122);
    for (let i = 0; i < 3 * COMPACT_AFTER_ROWS; i++) {
      const [type, fields] = nextCommand(await server.boards.getBoard(boardId), pick, i);
      await server.boards.execute(boardId, randomUUID(), { type, ...fields } as never, ann.user);
    }
    const rows = async () =>
      (await server.database.db.select().from(boardUpdates).where(eq(boardUpdates.boardId, boardId))).length;
    const served = async () => (await server.boards.openBoard(boardId)).doc;
    const inMemory = await served();
    await waitFor(
      () => isDeepStrictEqual(boardContent(inMemory), boardContent(live.doc)),
      'the live client to hold every change',
    );
    expect(updates).toBeGreaterThan(2 * COMPACT_AFTER_ROWS);
    expect(await rows()).toBeLessThanOrEqual(COMPACT_AFTER_ROWS);
    const reference = boardContent(live.doc);
    const stateVector = Y.encodeStateVector(live.doc);
    expect(live.board().cards.length).toBeGreaterThan(5);

    // Unloaded and loaded again from the snapshot and its tail.
    await waitFor(() => server.registry.unloadIdle(0) === 1, 'the idle board to be unloaded');
    expect(boardContent(await served())).toEqual(reference);
    expect(Y.encodeStateVector(await served())).toEqual(stateVector);

    // After a restart, and for a client joining from nothing.
    live.close();
    await server.close();
    server = await serve(store);
    expect(boardContent(await served())).toEqual(reference);
    expect(boardContent((await join(server, boardId, ann)).doc)).toEqual(reference);
  });

  it('a card’s description and comments: compacted, unloaded and reloaded, they are exactly what a live reader holds', async () => {
    const store = await freshStore();
    let server = await serve(store);
    const ann = await signUp(server, 'Ann');
    const boardId = await boardOf(server, ann, 'Notes');
    const columnId = (await server.boards.getBoard(boardId)).columns[0]!.id;
    const created = await server.boards.execute(
      boardId,
      randomUUID(),
      { type: 'card:create', title: 'Spec', columnId },
      ann.user,
    );
    const cardId = created.ok ? created.createdId! : '';
    const editor = new CardReplica(await join(server, boardId, ann), cardId);
    const reader = new CardReplica(await join(server, boardId, ann), cardId);
    expect((await editor.open()).ok).toBe(true);
    expect((await reader.open()).ok).toBe(true);

    // Typing, formatting, rewriting and commenting, well past a compaction.
    const pick = seeded(7);
    for (let i = 0; i < COMPACT_AFTER_ROWS + 60; i++) {
      const ack = await editor.edit((text) => {
        const at = pick(text.length + 1);
        if (i % 9 === 8 && text.length > 20) text.delete(at > 10 ? at - 10 : 0, 10);
        else if (i % 5 === 4 && text.length > 10) text.format(pick(text.length - 5), 5, { bold: true });
        else text.insert(at, `word${i} `, i % 7 === 0 ? { italic: true } : {});
      });
      expect(ack).toEqual({ ok: true });
      if (i % 50 === 0) expect((await editor.comment(`Comment ${i}`)).ok).toBe(true);
    }
    await waitFor(
      () => isDeepStrictEqual(cardContent(reader.doc), cardContent(editor.doc)),
      'the reader to hold every edit',
    );
    const reference = cardContent(reader.doc);
    expect(reference.comments).toHaveLength(6);
    const stored = async () =>
      (await server.database.db.select().from(cardContentUpdates).where(eq(cardContentUpdates.cardId, cardId))).length;
    expect(await stored()).toBeLessThanOrEqual(COMPACT_AFTER_ROWS);
    const served = () =>
      server.content.open(principal(ann), { boardId, cardId }, Role.viewer, async (doc) => ({
        content: cardContent(doc),
        stateVector: Y.encodeStateVector(doc),
      }));

    reader.close();
    editor.close();
    await waitFor(() => server.cardRegistry.unloadIdle(0) === 1, 'the idle card to be unloaded');
    expect(await served()).toEqual({ content: reference, stateVector: Y.encodeStateVector(reader.doc) });

    await server.close();
    server = await serve(store);
    const again = new CardReplica(await join(server, boardId, ann), cardId);
    expect((await again.open()).ok).toBe(true);
    expect(cardContent(again.doc)).toEqual(reference);
  });
});
