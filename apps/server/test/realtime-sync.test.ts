import { cardsInCell } from '@obeya/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  TestClient,
  api,
  boardOf,
  cardsOf,
  principal,
  signUp,
  createStore,
  startServer,
  storeKinds,
  waitFor,
  type RunningServer,
  type Store,
} from './helpers.ts';

describe.each(storeKinds)('real-time sync on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store);
  });
  afterEach(() => {
    clients.splice(0).forEach((c) => c.close());
  });
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  async function boardWithClients(n: number) {
    const owner = await signUp(server, 'Owner');
    const id = await boardOf(server, owner, 'Sync');
    const list: TestClient[] = [];
    for (let i = 0; i < n; i++) {
      const person = i === 0 ? owner : await signUp(server, `Person ${i}`);
      if (i > 0) await server.access.addMember(principal(owner), id, person.user.email, 'member');
      list.push(await TestClient.connect(server.url, id, person));
    }
    clients.push(...list);
    return { id, clients: list, owner };
  }

  it('two clients converge to the server state after interleaved commands', async () => {
    const {
      id,
      clients: [a, b],
    } = await boardWithClients(2);
    const columns = a!.board().columns.sort((x, y) => (x.rank < y.rank ? -1 : 1));
    const acks = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a! : b!).command('card:create', { title: `Card ${i}`, columnId: columns[0]!.id }),
      ),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const ids = acks.flatMap((ack) => (ack.ok && ack.createdId ? [ack.createdId] : []));
    // Interleaved moves from both clients, to every column, with neighbours.
    await Promise.all(
      ids.map((cardId, i) => (i % 2 ? b! : a!).command('card:move', { cardId, toColumnId: columns[i % 3]!.id })),
    );
    await Promise.all(
      ids.slice(0, 4).map((cardId, i) => (i % 2 ? a! : b!).command('card:update', { cardId, title: `Renamed ${i}` })),
    );

    const server_ = await server.boards.getBoard(id);
    await waitFor(
      () =>
        JSON.stringify(cardsOf(a!.board())) === JSON.stringify(cardsOf(server_)) &&
        JSON.stringify(cardsOf(b!.board())) === JSON.stringify(cardsOf(server_)),
      'both clients to converge',
    );
    expect(cardsOf(a!.board())).toHaveLength(10);
    expect(new Set(a!.board().cards.map((c) => c.id)).size).toBe(10);
  });

  it('commands racing from many clients are all applied once, and every replica agrees', async () => {
    const { id, clients: list } = await boardWithClients(6);
    const column = list[0]!.board().columns[0]!;
    const acks = await Promise.all(
      list.flatMap((client, c) =>
        Array.from({ length: 8 }, (_, i) =>
          client.command('card:create', { title: `c${c}-${i}`, columnId: column.id }),
        ),
      ),
    );
    expect(acks.filter((a) => a.ok)).toHaveLength(48);
    const stored = cardsOf(await server.boards.getBoard(id));
    expect(stored).toHaveLength(48);
    expect(new Set(stored.map((c) => c.rank)).size).toBe(48);
    await waitFor(
      () => list.every((client) => JSON.stringify(cardsOf(client.board())) === JSON.stringify(stored)),
      'all six replicas to agree',
    );
  });

  it('a change made over REST reaches open clients like any other', async () => {
    const {
      id,
      owner,
      clients: [a],
    } = await boardWithClients(1);
    const column = a!.board().columns[0]!;
    const res = await api(server, 'POST', `/api/boards/${id}/cards`, {
      token: owner.token,
      body: { title: 'From the API', columnId: column.id },
    });
    expect(res.status).toBe(201);
    await waitFor(() => a!.board().cards.some((c) => c.title === 'From the API'), 'the REST change to arrive');
  });

  it('a retried command (same operation id) is applied at most once and answered the same', async () => {
    const {
      clients: [a],
    } = await boardWithClients(1);
    const column = a!.board().columns[0]!;
    const first = await a!.command('card:create', { title: 'Once', columnId: column.id }, 'op-retry-0001');
    const second = await a!.command('card:create', { title: 'Once', columnId: column.id }, 'op-retry-0001');
    expect(second).toEqual(first);
    await waitFor(() => a!.board().cards.length === 1, 'the card');
    expect(a!.board().cards.filter((c) => c.title === 'Once')).toHaveLength(1);
  });

  it('shows who is on the board, by the names of their accounts', async () => {
    const {
      clients: [a, b],
    } = await boardWithClients(2);
    const names = (c: TestClient) => c.presence.map((p) => p.name).sort();
    await waitFor(() => names(a!).length === 2 && names(b!).length === 2, 'presence of two');
    expect(names(a!)).toEqual(['Owner', 'Person 1']);
    b!.close();
    await waitFor(() => a!.presence.length === 1, 'presence back to one');
    expect(names(a!)).toEqual(['Owner']);
  });

  it('refuses malformed and oversized messages clearly, and everyone carries on', async () => {
    const {
      clients: [a, b],
    } = await boardWithClients(2);
    const column = a!.board().columns[0]!;
    const emit = a!.socket.emitWithAck.bind(a!.socket) as (e: string, p: unknown) => Promise<unknown>;

    expect(await emit('card:create', { opId: 'x', boardId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    expect(await emit('card:create', 'not an object')).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await emit('card:teleport', {})).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    const big = await emit('card:create', {
      opId: 'op-big-00001',
      boardId: a!.boardId,
      title: 'x'.repeat(100_000),
      columnId: column.id,
    });
    expect(big).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(
      await emit('board:join', { boardId: a!.boardId, epoch: 0, syncStep1: new Uint8Array([9, 9, 9]) }),
    ).toMatchObject({
      ok: false,
    });

    // Still connected; the other client still receives changes; nothing bad was applied.
    expect(a!.socket.connected).toBe(true);
    const ok = await a!.command('card:create', { title: 'After the noise', columnId: column.id });
    expect(ok.ok).toBe(true);
    await waitFor(() => b!.board().cards.length === 1, 'the good change to reach the other client');
    expect(b!.board().cards[0]!.title).toBe('After the noise');
  });

  it('a rejected command changes nothing and says why', async () => {
    const {
      clients: [a],
    } = await boardWithClients(1);
    const board = a!.board();
    const ack = await a!.command('card:move', { cardId: 'ghost', toColumnId: board.columns[0]!.id });
    expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/card/) } });
  });

  it('keeps the order clients asked for when moving with neighbours', async () => {
    const {
      clients: [a],
    } = await boardWithClients(1);
    const column = a!.board().columns[0]!;
    const lane = a!.board().lanes[0]!;
    const ids: string[] = [];
    for (const title of ['A', 'B', 'C']) {
      const ack = await a!.command('card:create', { title, columnId: column.id });
      if (ack.ok && ack.createdId) ids.push(ack.createdId);
    }
    await a!.command('card:move', { cardId: ids[2]!, toColumnId: column.id, beforeCardId: ids[0]! });
    await waitFor(
      () =>
        cardsInCell(a!.board(), column.id, lane.id)
          .map((c) => c.title)
          .join() === 'C,A,B',
      'the order C, A, B',
    );
  });
});
