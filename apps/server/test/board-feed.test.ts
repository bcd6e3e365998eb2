import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { BoardFeed } from '../src/realtime/board-feed.ts';
import { BOARD_UPDATES_CHANNEL } from '../src/repositories/board-repository.ts';
import {
  TestClient,
  boardOf,
  createStore,
  signUp,
  startServer,
  storeKinds,
  waitFor,
  type RunningServer,
  type Store,
} from './helpers.ts';

// The feed listens for other nodes' commits, which exist only on a shared PostgreSQL.
describe.runIf(storeKinds.includes('postgres'))('board feed on PostgreSQL (needs DATABASE_URL)', () => {
  let store: Store;
  let server: RunningServer;
  let feed: BoardFeed;
  let admin: pg.Client;
  let catchUp: MockInstance<(boardId: string) => Promise<void>>;
  const cleanup: Array<() => void> = [];

  beforeAll(async () => {
    store = await createStore('postgres');
    server = await startServer(store);
    if (!server.feed || store.options.kind !== 'postgres') throw new Error('PostgreSQL has a board feed');
    feed = server.feed;
    admin = new pg.Client({ connectionString: store.options.url });
    await admin.connect();
  });
  beforeEach(() => {
    catchUp = vi.spyOn(server.boards, 'catchUpFromStorage');
  });
  afterEach(() => {
    cleanup.splice(0).forEach((fn) => fn());
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await admin?.end();
    await server?.close();
    await store?.drop();
  });

  /** Announces a commit as another node's would, from another connection. */
  const notify = (boardId: string) => admin.query('select pg_notify($1, $2)', [BOARD_UPDATES_CHANNEL, boardId]);

  /**
   * Waits until the feed has handled every notification sent so far (the board's creation
   * announces itself too), then forgets the catch-ups it made. Notifications arrive in order, so
   * once a marker board sent last is caught up, everything before it was handled.
   */
  async function quiet(): Promise<void> {
    const marker = randomUUID();
    server.registry.room(marker);
    await notify(marker);
    await waitFor(() => catchUp.mock.calls.some(([boardId]) => boardId === marker), 'the feed to hear the marker');
    await feed.settled();
    server.registry.drop(marker);
    catchUp.mockClear();
  }

  /** A board with one client of this node on it, and the feed quiet. */
  async function watchedBoard(): Promise<{ id: string; client: TestClient }> {
    const owner = await signUp(server, 'Owner');
    const id = await boardOf(server, owner);
    const client = await TestClient.connect(server.url, id, owner);
    cleanup.push(() => client.close());
    await quiet();
    return { id, client };
  }

  it('a burst of notifications during a catch-up adds exactly one more catch-up', async () => {
    const { id } = await watchedBoard();
    // Keep the board busy, as a long command would, so the first catch-up waits behind it.
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const busy = server.registry.room(id).exclusive(() => gate);
    for (let i = 0; i < 20; i++) feed.notified(id);
    expect(catchUp).toHaveBeenCalledTimes(1);
    release();
    await busy;
    await feed.settled();
    expect(catchUp).toHaveBeenCalledTimes(2);
  });

  it("this node's own commit reaches its clients once, though its notification comes back", async () => {
    const { id, client } = await watchedBoard();
    const sent: Uint8Array[] = [];
    const onUpdate = ({ boardId, update }: { boardId: string; update: Uint8Array }) => {
      if (boardId === id) sent.push(update);
    };
    server.boards.committed.on('update', onUpdate);
    cleanup.push(() => server.boards.committed.off('update', onUpdate));

    const columnId = client.board().columns[0]!.id;
    expect((await client.command('card:create', { title: 'Mine', columnId })).ok).toBe(true);
    await waitFor(() => catchUp.mock.calls.length > 0, 'the commit to be announced back to this node');
    await feed.settled();
    expect(sent).toHaveLength(1);
  });

  it('a board this node neither holds nor shows is not read', async () => {
    const { id } = await watchedBoard();
    const unknown = randomUUID();
    const unloaded = await boardOf(server, await signUp(server, 'Other'));
    server.registry.drop(unloaded);
    await quiet();
    for (const boardId of [unknown, unloaded, id]) await notify(boardId);
    // Notifications arrive in order: once the watched board's is handled, the others were seen.
    await waitFor(() => catchUp.mock.calls.length > 0, 'the watched board to be caught up');
    await feed.settled();
    expect(catchUp.mock.calls).toEqual([[id]]);
  });
});
