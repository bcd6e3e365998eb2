import { events } from '@obeya/db';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TestClient,
  boardOf,
  cardsOf,
  createStore,
  signUp,
  startServer,
  storeKinds,
  waitFor,
  type Store,
} from './helpers.ts';

describe.each(storeKinds)('durability on %s', (kind) => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function store(): Promise<Store> {
    const s = await createStore(kind);
    cleanup.push(() => s.drop());
    return s;
  }

  it('a restart keeps every acknowledged change; reconnecting clients neither duplicate nor lose cards', async () => {
    const s = await store();
    let server = await startServer(s);
    const port = server.port;
    const ann = await signUp(server, 'Ann');
    const id = await boardOf(server, ann, 'Durable');
    const a = await TestClient.connect(server.url, id, ann);
    const b = await TestClient.connect(server.url, id, ann);
    cleanup.push(
      () => a.close(),
      () => b.close(),
    );
    const column = a.board().columns[0]!;
    for (let i = 0; i < 5; i++)
      expect((await a.command('card:create', { title: `Before ${i}`, columnId: column.id })).ok).toBe(true);
    await waitFor(() => b.board().cards.length === 5, 'b to see five cards');

    await server.close();
    await waitFor(() => !a.socket.connected && !b.socket.connected, 'clients to notice the server is gone');
    server = await startServer(s, port);
    cleanup.push(() => server.close());

    // Commands sent while the server is away or just back are delivered once.
    const after = await a.command('card:create', { title: 'After restart', columnId: column.id });
    expect(after.ok).toBe(true);
    const expected = cardsOf(await server.boards.getBoard(id));
    expect(expected).toHaveLength(6);
    await waitFor(
      () =>
        JSON.stringify(cardsOf(a.board())) === JSON.stringify(expected) &&
        JSON.stringify(cardsOf(b.board())) === JSON.stringify(expected),
      'both clients to resync to the six stored cards',
    );
    // A client that first connects now sees the same board: the document kept its identity.
    const c = await TestClient.connect(server.url, id, ann);
    cleanup.push(() => c.close());
    expect(cardsOf(c.board())).toEqual(expected);
  });

  it('every change is appended to the event log with its time and actor, in the same transaction', async () => {
    const s = await store();
    const server = await startServer(s);
    cleanup.push(() => server.close());
    const ann = await signUp(server, 'Ann');
    const id = await boardOf(server, ann, 'Log');
    const a = await TestClient.connect(server.url, id, ann);
    cleanup.push(() => a.close());
    const [todo, doing] = a.board().columns.sort((x, y) => (x.rank < y.rank ? -1 : 1));
    const created = await a.command('card:create', { title: 'Logged', columnId: todo!.id });
    const cardId = created.ok ? created.createdId! : '';
    await a.command('card:move', { cardId, toColumnId: doing!.id });
    await a.command('card:archive', { cardId });
    await a.command('card:move', { cardId, toColumnId: todo!.id }); // refused: archived

    const rows = await server.database.db.select().from(events).where(eq(events.cardId, cardId));
    expect(rows.map((r) => r.type)).toEqual(['card.created', 'card.moved', 'card.archived']);
    expect(rows.every((r) => r.actor === ann.user.id && !Number.isNaN(Date.parse(r.at)))).toBe(true);
    expect(rows[1]!.payload).toMatchObject({ from: { columnId: todo!.id }, to: { columnId: doing!.id } });
  });

  it('unloads idle board documents from memory and reloads them intact, open clients still synced', async () => {
    const s = await store();
    const server = await startServer(s);
    cleanup.push(() => server.close());
    const ann = await signUp(server, 'Ann');
    const id = await boardOf(server, ann, 'Idle');
    const a = await TestClient.connect(server.url, id, ann);
    cleanup.push(() => a.close());
    const before = await server.boards.getBoard(id);
    expect(server.registry.size).toBe(1);

    expect(server.registry.unloadIdle(0)).toBe(1);
    expect(server.registry.size).toBe(0);

    expect(await server.boards.getBoard(id)).toEqual(before);
    const ack = await a.command('card:create', { title: 'After unload', columnId: before.columns[0]!.id });
    expect(ack.ok).toBe(true);
    await waitFor(() => a.board().cards.length === 1, 'the open client to receive the change');
    expect(cardsOf(a.board())).toEqual(cardsOf(await server.boards.getBoard(id)));
  });
});
