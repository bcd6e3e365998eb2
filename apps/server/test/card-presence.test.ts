import { personColor } from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CardReplica } from './card-helpers.ts';
import {
  boardOf,
  createStore,
  principal,
  signUp,
  startServer,
  storeKinds,
  TestClient,
  waitFor,
  type ClientAuth,
  type RunningServer,
  type Store,
} from './helpers.ts';

/** Who has which card open, who drags what, and cursors in a card: all as the server knows them. */
describe.each(storeKinds)('card presence and awareness on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  async function board() {
    const ann = await signUp(server, 'Ann');
    const bob = await signUp(server, 'Bob');
    const vic = await signUp(server, 'Vic');
    const boardId = await boardOf(server, ann, 'Presence');
    await server.access.addMember(principal(ann), boardId, bob.user.email, 'member');
    await server.access.addMember(principal(ann), boardId, vic.user.email, 'viewer');
    const columnId = (await server.boards.getBoard(boardId)).columns[0]!.id;
    const created = await server.boards.execute(
      boardId,
      randomUUID(),
      { type: 'card:create', title: 'Shared', columnId },
      ann.user,
    );
    if (!created.ok || !created.createdId) throw new Error('no card');
    return { ann, bob, vic, boardId, cardId: created.createdId };
  }

  async function connect(boardId: string, auth: ClientAuth): Promise<TestClient> {
    const client = await TestClient.connect(server.url, boardId, auth);
    clients.push(client);
    return client;
  }

  async function open(client: TestClient, cardId: string): Promise<CardReplica> {
    const replica = new CardReplica(client, cardId);
    const ack = await replica.open();
    if (!ack.ok) throw new Error(ack.error.message);
    return replica;
  }

  it('awareness states carry the user the server knows; nobody writes another’s client id; leaving removes them', async () => {
    const { ann, bob, boardId, cardId } = await board();
    const a = await open(await connect(boardId, ann), cardId);
    const b = await open(await connect(boardId, bob), cardId);
    const aId = a.doc.clientID;
    const bId = b.doc.clientID;

    // Ann claims to be someone else: the server stamps who she is, and keeps her cursor.
    a.sendAwareness([{ clientId: aId, clock: 1, state: { user: { id: bob.user.id, name: 'The CEO' }, cursor: 4 } }]);
    const annAsServed = { id: ann.user.id, name: 'Ann', color: personColor(ann.user.id) };
    await waitFor(() => b.awareness.some((e) => e.clientId === aId), 'Ann’s cursor to reach Bob');
    expect(b.awareness).toEqual([{ clientId: aId, clock: 1, state: { user: annAsServed, cursor: 4 } }]);

    // Bob writes his own state, and tries to move Ann's cursor and to remove it: only his own passes.
    b.sendAwareness([
      { clientId: bId, clock: 1, state: { cursor: 1 } },
      { clientId: aId, clock: 9, state: { user: annAsServed, cursor: 666 } },
    ]);
    b.sendAwareness([{ clientId: aId, clock: 10, state: null }]);
    // A later state of Bob's own arrives after anything the two forged messages could have caused.
    b.sendAwareness([{ clientId: bId, clock: 2, state: { cursor: 2 } }]);
    await waitFor(
      () => a.awareness.some((e) => e.clientId === bId && e.state?.cursor === 2),
      'Bob’s later cursor to reach Ann',
    );
    expect(a.awareness.map((e) => e.clientId)).toEqual([bId, bId]);

    // Someone opening the card now gets both cursors, as the server stamped them.
    const c = await open(await connect(boardId, ann), cardId);
    expect(c.awareness.sort((x, y) => x.clientId - y.clientId)).toEqual(
      [
        { clientId: aId, clock: 1, state: { user: annAsServed, cursor: 4 } },
        {
          clientId: bId,
          clock: 2,
          state: { cursor: 2, user: { id: bob.user.id, name: 'Bob', color: personColor(bob.user.id) } },
        },
      ].sort((x, y) => x.clientId - y.clientId),
    );

    // Ann closes the card: her cursor goes for the others. Bob's connection drops: his goes too.
    a.close();
    await waitFor(() => c.awareness.some((e) => e.clientId === aId && e.state === null), 'Ann’s cursor to go');
    b.client.socket.disconnect();
    await waitFor(() => c.awareness.some((e) => e.clientId === bId && e.state === null), 'Bob’s cursor to go');
    const d = await open(await connect(boardId, ann), cardId);
    expect(d.awareness).toEqual([]);
  });

  it('awareness needs the card open, and a malformed update is an error for its sender only', async () => {
    const { ann, bob, boardId, cardId } = await board();
    const a = await connect(boardId, ann);
    const b = await open(await connect(boardId, bob), cardId);
    const notOpen = new CardReplica(a, cardId);
    notOpen.sendAwareness([{ clientId: 1, clock: 1, state: { cursor: 0 } }]);
    a.socket.emit('card:awareness', { boardId, cardId, update: new Uint8Array([5, 1]) });
    await waitFor(() => a.errors.length === 2, 'two errors');
    expect(a.errors).toEqual(['NOT_JOINED', 'NOT_JOINED']);
    const opened = await open(a, cardId);
    a.socket.emit('card:awareness', { boardId, cardId, update: new Uint8Array([5, 1]) });
    await waitFor(() => a.errors.length === 3, 'the malformed update to be refused');
    expect(a.errors[2]).toBe('INVALID_PAYLOAD');
    opened.sendAwareness([{ clientId: a.doc.clientID, clock: 1, state: { cursor: 2 } }]);
    await waitFor(() => b.awareness.length === 1, 'the honest update to pass');
    expect(b.awareness[0]?.state).toMatchObject({ cursor: 2, user: { name: 'Ann' } });
  });

  it('presence shows the cards each person has open and what they drag; a closed connection drops out', async () => {
    const { ann, bob, vic, boardId, cardId } = await board();
    const a = await connect(boardId, ann);
    const a2 = await connect(boardId, ann);
    const b = await connect(boardId, bob);
    const entry = (client: TestClient, id: string) => client.presence.find((p) => p.id === id);

    await open(a, cardId);
    await waitFor(() => entry(b, ann.user.id)?.cards.length === 1, 'Ann’s open card to show');
    expect(entry(b, ann.user.id)).toEqual({
      id: ann.user.id,
      name: 'Ann',
      kind: 'user',
      cards: [cardId],
      dragging: null,
    });
    // Her second tab has it open too: still one entry, one card.
    await open(a2, cardId);
    b.socket.emit('board:dragging', { boardId, cardId });
    await waitFor(() => entry(a, bob.user.id)?.dragging === cardId, 'Bob’s drag to show');
    expect(a.presence.filter((p) => p.id === ann.user.id)).toEqual([
      { id: ann.user.id, name: 'Ann', kind: 'user', cards: [cardId], dragging: null },
    ]);
    b.socket.emit('board:dragging', { boardId, cardId: null });
    await waitFor(() => entry(a, bob.user.id)?.dragging === null, 'Bob’s drag to end');

    // Closing in one tab keeps the card open in the other; closing in both clears it.
    a.socket.emit('card:close', { boardId, cardId });
    // A drag sent after the close on the same connection is shown with the close already counted.
    a.socket.emit('board:dragging', { boardId, cardId });
    await waitFor(() => entry(b, ann.user.id)?.dragging === cardId, 'Ann’s drag after the close');
    expect(entry(b, ann.user.id)?.cards).toEqual([cardId]);
    a.socket.emit('board:dragging', { boardId, cardId: null });
    a2.socket.emit('card:close', { boardId, cardId });
    await waitFor(() => entry(b, ann.user.id)?.cards.length === 0, 'Ann’s card to close');

    // A viewer may not claim a drag, and an invalid one is refused.
    const v = await connect(boardId, vic);
    v.socket.emit('board:dragging', { boardId, cardId });
    v.socket.emit('board:dragging', { boardId, cardId: 42 } as never);
    await waitFor(() => v.errors.length === 2, 'the refusals');
    expect(v.errors).toEqual(['FORBIDDEN', 'INVALID_PAYLOAD']);
    expect(entry(a, vic.user.id)?.dragging).toBeNull();

    // A connection that drops, mid-drag and with a card open, leaves the list.
    await open(b, cardId);
    b.socket.emit('board:dragging', { boardId, cardId });
    await waitFor(() => entry(a, bob.user.id)?.dragging === cardId, 'the drag');
    b.close();
    await waitFor(() => entry(a, bob.user.id) === undefined, 'Bob to leave the list');
    expect(a.presence.map((p) => p.name).sort()).toEqual(['Ann', 'Vic']);
  });

  it('leaving the board closes its cards: no more content updates, and the cursor goes', async () => {
    const { ann, bob, boardId, cardId } = await board();
    const a = await open(await connect(boardId, ann), cardId);
    const b = await open(await connect(boardId, bob), cardId);
    b.sendAwareness([{ clientId: b.doc.clientID, clock: 1, state: { cursor: 0 } }]);
    await waitFor(() => a.awareness.length === 1, 'Bob’s cursor');
    b.client.socket.emit('board:leave', { boardId });
    await waitFor(() => a.awareness.some((e) => e.state === null), 'Bob’s cursor to go');
    await waitFor(() => (a.client.presence.find((p) => p.id === bob.user.id) ?? null) === null, 'Bob to leave');
    expect((await a.edit((t) => t.insert(0, 'Only for those still here'))).ok).toBe(true);
    // Bob's connection answers in order: had the edit been sent to him, it would come before this answer.
    expect((await b.open()).ok).toBe(false);
    expect(b.synced).toBe(0);
    expect(b.text()).toBe('');
  });

  it('a member removed from the board stops receiving its cards’ content', async () => {
    const { ann, bob, boardId, cardId } = await board();
    const a = await open(await connect(boardId, ann), cardId);
    const b = await open(await connect(boardId, bob), cardId);
    await server.access.removeMember(principal(ann), boardId, bob.user.id);
    await waitFor(() => b.client.role === null, 'the removal to reach Bob');
    expect((await a.edit((t) => t.insert(0, 'After Bob left'))).ok).toBe(true);
    // Bob's connection answers in order: had the edit been sent to him, it would come before this answer.
    expect((await b.edit((t) => t.insert(0, 'Still here?'))).ok).toBe(false);
    expect(b.synced).toBe(0);
  });
});
