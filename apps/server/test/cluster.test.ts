import { LISTENER_APPLICATION_NAME, openDatabase } from '@obeya/db';
import type { BoardState } from '@obeya/domain';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { presentBoard } from '../src/routes/boards.ts';
import { CardReplica } from './card-helpers.ts';
import { Cluster } from './cluster.ts';
import { race, raceSetup, settledState } from './wip-race.ts';
import {
  TestClient,
  api,
  boardOf,
  createStore,
  principal,
  signUp,
  startServer,
  storeKinds,
  waitFor,
  type ClientAuth,
  type RunningServer,
  type Store,
  type TestUser,
} from './helpers.ts';

/** A board as `GET /api/boards/:id` shows it, so a client's replica compares with the server's answer. */
const asServed = (board: BoardState): unknown => JSON.parse(JSON.stringify(presentBoard(board)));

/** The PostgreSQL address of a store: this suite runs only there. */
function urlOf(store: Store): string {
  if (store.options.kind !== 'postgres') throw new Error('The cluster suite needs a PostgreSQL store.');
  return store.options.url;
}

/** Columns in display order; the basic template's are to do, doing (limit 3), done. */
const columnsOf = (board: BoardState) => presentBoard(board).columns;

// Several server nodes share one database only on PostgreSQL; the embedded one has one process.
describe.runIf(storeKinds.includes('postgres'))('two server processes on one PostgreSQL (needs DATABASE_URL)', () => {
  let store: Store;
  let cluster: Cluster;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    store = await createStore('postgres');
    // Both nodes start at once on the empty database: their migrations must not race.
    cluster = await Cluster.start(2, { DATABASE_URL: urlOf(store) });
  });
  afterEach(({ task }) => {
    clients.splice(0).forEach((c) => c.close());
    if (task.result?.state === 'fail') console.error(cluster.output());
  });
  afterAll(async () => {
    await cluster?.stop();
    await store?.drop();
  });

  const node = (i: number) => ({ url: cluster.node(i).url });

  async function connect(i: number, boardId: string, auth: ClientAuth): Promise<TestClient> {
    const client = await TestClient.connect(cluster.node(i).url, boardId, auth);
    clients.push(client);
    return client;
  }

  /** A board created on node 1 by its owner, with a member added on node 0. */
  async function sharedBoard(): Promise<{ id: string; owner: TestUser; member: TestUser }> {
    const owner = await signUp(node(0), 'Owner');
    const member = await signUp(node(1), 'Member');
    const created = await api(node(1), 'POST', '/api/boards', {
      cookie: owner.cookie,
      body: { name: 'Cluster', template: 'basic' },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.board.id;
    const added = await api(node(0), 'POST', `/api/boards/${id}/members`, {
      token: owner.token,
      body: { email: member.user.email, role: 'member' },
    });
    expect(added.status).toBe(201);
    return { id, owner, member };
  }

  /**
   * Waits until every client's replica shows `settled` and all replicas agree, then checks that
   * both nodes serve exactly that board. The replicas are compared first because serving a board
   * catches its node up from storage, which would also heal a client that missed an update.
   */
  async function expectConverged(
    id: string,
    list: TestClient[],
    auth: { token: string },
    settled: (board: BoardState) => boolean,
  ): Promise<BoardState> {
    const replicas = () => list.map((c) => JSON.stringify(asServed(c.board())));
    const agreed = () => list.every((c) => settled(c.board())) && new Set(replicas()).size === 1;
    await waitFor(agreed, 'every client on both nodes to reach the same board').catch((err: Error) => {
      throw new Error(`${err.message}; the replicas:\n${replicas().join('\n')}`);
    });
    const replica = asServed(list[0]!.board());
    for (const i of [0, 1]) {
      const served = await api(node(i), 'GET', `/api/boards/${id}`, auth);
      expect(served.status).toBe(200);
      expect(served.body.board, `node ${i} serves what the clients hold`).toEqual(replica);
    }
    return list[0]!.board();
  }

  it('clients on either node see every commit of both nodes, without re-joining', async () => {
    const { id, owner, member } = await sharedBoard();
    const onNode0 = [await connect(0, id, owner), await connect(0, id, { cookie: member.cookie })];
    const onNode1 = [await connect(1, id, { token: member.token }), await connect(1, id, { cookie: owner.cookie })];
    const all = [...onNode0, ...onNode1];
    const [todo, doing, done] = columnsOf(onNode0[0]!.board());
    const inColumn = (board: BoardState, columnId: string) => board.cards.filter((c) => c.columnId === columnId);

    // Creates from sockets and REST on both nodes, all at once.
    const viaSockets = all.flatMap((c, i) =>
      [0, 1, 2].map((k) => c.command('card:create', { title: `Socket ${i}.${k}`, columnId: todo!.id })),
    );
    const viaRest = [0, 1].flatMap((i) =>
      [0, 1].map((k) =>
        api(node(i), 'POST', `/api/boards/${id}/cards`, {
          token: i === 0 ? member.token : owner.token,
          body: { title: `REST ${i}.${k}`, columnId: todo!.id },
        }),
      ),
    );
    expect((await Promise.all(viaSockets)).every((ack) => ack.ok)).toBe(true);
    expect((await Promise.all(viaRest)).map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const board = await expectConverged(id, all, owner, (b) => b.cards.length === 16);

    // Moves and renames, alternating nodes and channels: four renames (node 1, REST), two moves
    // into the limited column, ten to done.
    const changes = board.cards.map(({ id: cardId }, i) => {
      const toColumnId = (i === 0 || i === 2 ? doing : done)!.id;
      if (i % 4 === 0) {
        return api(node(0), 'POST', `/api/cards/${cardId}/move`, { token: owner.token, body: { toColumnId } });
      }
      if (i % 4 === 1) {
        return api(node(1), 'PATCH', `/api/cards/${cardId}`, { token: member.token, body: { title: `Renamed ${i}` } });
      }
      return all[i % all.length]!.command('card:move', { cardId, toColumnId });
    });
    const results = await Promise.all(changes);
    expect(results.every((r) => ('ok' in r ? r.ok : r.status === 200))).toBe(true);
    await expectConverged(
      id,
      all,
      owner,
      (b) =>
        inColumn(b, doing!.id).length === 2 &&
        inColumn(b, done!.id).length === 10 &&
        b.cards.filter((c) => c.title.startsWith('Renamed')).length === 4,
    );

    // A lone commit on each node in turn: nothing else happens that could carry it over.
    for (const [i, writer] of [onNode1[0]!, onNode0[0]!].entries()) {
      const [cardId] = inColumn(writer.board(), todo!.id).map((c) => c.id);
      expect((await writer.command('card:move', { cardId: cardId!, toColumnId: done!.id })).ok).toBe(true);
      await expectConverged(id, all, owner, (b) => inColumn(b, done!.id).length === 11 + i);
    }
    expect(all.every((c) => c.joins === 1 && c.socket.connected)).toBe(true);
  });

  it('a node whose notification connection drops reconnects and catches up what it missed', async () => {
    const { id, owner } = await sharedBoard();
    const watcher = await connect(0, id, owner);
    const writer = await connect(1, id, owner);
    const [todo] = columnsOf(watcher.board());

    // Cut every node's listening connection, then commit on node 1 while node 0 is not listening.
    const admin = new pg.Client({ connectionString: urlOf(store) });
    await admin.connect();
    try {
      const cut = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()',
        [LISTENER_APPLICATION_NAME],
      );
      expect(cut.rowCount).toBe(2);
      expect((await writer.command('card:create', { title: 'While deaf', columnId: todo!.id })).ok).toBe(true);
      await expectConverged(id, [watcher, writer], owner, (b) => b.cards.length === 1);
      // Both nodes listen again, and hear later commits as before.
      const listening = async () =>
        (
          await admin.query(
            'select count(*)::int as n from pg_stat_activity where application_name = $1 and datname = current_database()',
            [LISTENER_APPLICATION_NAME],
          )
        ).rows[0].n as number;
      const until = Date.now() + 10_000;
      while ((await listening()) < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(await listening()).toBe(2);
    } finally {
      await admin.end();
    }
    expect((await writer.command('card:create', { title: 'Heard', columnId: todo!.id })).ok).toBe(true);
    const board = await expectConverged(id, [watcher, writer], owner, (b) => b.cards.length === 2);
    expect(board.cards.map((c) => c.title).sort()).toEqual(['Heard', 'While deaf']);
    expect(cluster.output()).toContain('reconnecting');
  });

  it('nodes opening one empty database at once migrate it once, without racing', async () => {
    const empty = await createStore('postgres');
    try {
      // Without the migration lock, two of three fail on `create schema if not exists` and the like.
      const opened = await Promise.all([0, 1, 2].map(() => openDatabase(empty.options)));
      await Promise.all(opened.map((db) => db.close()));
      const admin = new pg.Client({ connectionString: urlOf(empty) });
      await admin.connect();
      const applied = await admin.query('select hash from drizzle.__drizzle_migrations');
      await admin.end();
      expect(applied.rowCount).toBeGreaterThan(0);
      expect(new Set(applied.rows.map((r: { hash: string }) => r.hash)).size).toBe(applied.rowCount);
    } finally {
      await empty.drop();
    }
  });

  it('50 clients and REST calls split over both nodes race 50 cards into a hard limit of 3: exactly 3 get in', async () => {
    const setup = await raceSetup(cluster.node(0).url, 50, 3);
    const result = await race(cluster.urls, setup, 10);
    clients.push(...result.clients);
    const refused = result.answers.flatMap((a) => (a.ok ? [] : [a.error]));
    expect(result.answers.filter((a) => a.ok)).toHaveLength(3);
    expect(refused).toHaveLength(47);
    expect(refused.every((e) => e.code === 'WIP_LIMIT' && e.message === 'Doing is at its limit: 3 of 3.')).toBe(true);
    const { boards, reference, movedIn } = await settledState(cluster.urls, result);
    const admittedIds = setup.cardIds.filter((_, i) => result.answers[i]?.ok).sort();
    expect(
      reference
        .filter((c) => c.columnId === setup.doingId)
        .map((c) => c.id)
        .sort(),
    ).toEqual(admittedIds);
    expect(movedIn.sort()).toEqual(admittedIds);
    expect(boards[1]).toEqual(boards[0]);
  });

  it('presence, drags and cursors cross nodes through the adapter; commits are not sent twice', async () => {
    const { id, owner, member } = await sharedBoard();
    const ann = await connect(0, id, owner);
    const bob = await connect(1, id, { token: member.token });
    const names = (c: TestClient) => c.presence.map((p) => p.name).sort();
    await waitFor(
      () => names(ann).length === 2 && names(bob).length === 2,
      'each to see both people, whichever node they are on',
    );
    expect(names(ann)).toEqual(['Member', 'Owner']);

    // Two commits from node 1: node 0's client gets each once (from the log, not also from the adapter).
    let updates = 0;
    ann.socket.on('board:synced', () => (updates += 1));
    const todo = columnsOf(bob.board())[0]!.id;
    for (const title of ['First', 'Second']) {
      expect((await bob.command('card:create', { title, columnId: todo })).ok).toBe(true);
      await waitFor(() => ann.board().cards.some((c) => c.title === title), `${title} to reach node 0`);
    }
    const cardId = ann.board().cards.find((c) => c.title === 'First')!.id;

    // Bob, on node 1, drags the card and opens it; Ann, on node 0, sees both.
    bob.socket.emit('board:dragging', { boardId: id, cardId });
    const bobOf = (c: TestClient) => c.presence.find((p) => p.name === 'Member');
    await waitFor(() => bobOf(ann)?.dragging === cardId, 'Bob’s drag to reach node 0');
    const annCard = new CardReplica(ann, cardId);
    const bobCard = new CardReplica(bob, cardId);
    expect((await annCard.open()).ok).toBe(true);
    expect((await bobCard.open()).ok).toBe(true);
    await waitFor(() => bobOf(ann)?.cards.includes(cardId) === true, 'Bob’s open card to show on node 0');

    // His cursor reaches her, stamped with who he is; his edit reaches her once.
    bobCard.sendAwareness([{ clientId: bobCard.doc.clientID, clock: 1, state: { cursor: 3 } }]);
    await waitFor(() => annCard.awareness.some((e) => e.clientId === bobCard.doc.clientID), 'the cursor');
    expect(annCard.awareness.find((e) => e.clientId === bobCard.doc.clientID)?.state).toMatchObject({
      user: { id: member.user.id, name: 'Member' },
      cursor: 3,
    });
    expect(await bobCard.edit((t) => t.insert(0, 'one'))).toEqual({ ok: true });
    await waitFor(() => annCard.text() === 'one', 'the edit to reach node 0');
    expect(await bobCard.edit((t) => t.insert(3, ' two'))).toEqual({ ok: true });
    await waitFor(() => annCard.text() === 'one two', 'the second edit to reach node 0');
    expect(annCard.synced).toBe(2);
    expect(updates).toBe(2);

    // Many tabs on node 1 (more than fit one notification, were connections sent whole): still one list.
    for (let i = 0; i < 10; i++) await connect(1, id, i % 2 ? { token: member.token } : { cookie: owner.cookie });
    const third = await signUp(node(1), 'Third');
    await api(node(1), 'POST', `/api/boards/${id}/members`, {
      token: owner.token,
      body: { email: third.user.email, role: 'viewer' },
    });
    await connect(1, id, { token: third.token });
    await waitFor(() => names(ann).length === 3, 'a third person on a busy node 1 to show on node 0');
    expect(bobOf(ann)?.cards).toEqual([cardId]);

    // Everyone on node 1 leaves: Ann's list on node 0 is herself again.
    clients.filter((c) => c !== ann).forEach((c) => c.close());
    await waitFor(() => names(ann).length === 1, 'the people of node 1 to leave the list on node 0');
    expect(names(ann)).toEqual(['Owner']);
  });

  it('a card’s description and comments, written on either node, reach everyone with the card open', async () => {
    const { id, owner, member } = await sharedBoard();
    const a = await connect(0, id, owner);
    const b = await connect(1, id, { token: member.token });
    const created = await a.command('card:create', { title: 'Shared text', columnId: columnsOf(a.board())[0]!.id });
    const cardId = created.ok ? created.createdId! : '';
    await waitFor(() => b.board().cards.length === 1, 'the card to reach node 1');
    const onNode0 = new CardReplica(a, cardId);
    const onNode1 = new CardReplica(b, cardId);
    expect((await onNode0.open()).ok).toBe(true);
    expect((await onNode1.open()).ok).toBe(true);

    const acks = await Promise.all([
      onNode0.edit((t) => t.insert(0, 'from node 0. ')),
      onNode1.edit((t) => t.insert(0, 'from node 1. ')),
    ]);
    expect(acks).toEqual([{ ok: true }, { ok: true }]);
    expect((await onNode1.comment('Commented on node 1')).ok).toBe(true);
    await waitFor(
      () =>
        onNode0.text() === onNode1.text() &&
        onNode0.text().length === 26 &&
        onNode0.comments().length === 1 &&
        onNode1.comments().length === 1,
      'both replicas to hold both sentences and the comment',
    );
    for (const i of [0, 1]) {
      const served = await api(node(i), 'GET', `/api/cards/${cardId}/content`, owner);
      expect(served.body.description, `node ${i}`).toBe(onNode0.text());
    }
  });
});

// Two nodes in one process, with no periodic re-check: what a node's connections see of an
// access change made on the other node must come from the message the nodes exchange.
describe.runIf(storeKinds.includes('postgres'))('access changes between nodes (needs DATABASE_URL)', () => {
  let store: Store;
  let nodes: RunningServer[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    store = await createStore('postgres');
    const options = { gateway: { accessRecheckMs: 3_600_000 } };
    nodes = [await startServer(store, 0, options), await startServer(store, 0, options)];
  });
  afterAll(async () => {
    clients.splice(0).forEach((c) => c.close());
    await Promise.all(nodes.map((n) => n.close()));
    await store?.drop();
  });

  it('a member removed, or signed out, on one node loses the board on the other at once', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const owner = await signUp(a, 'Owner');
    const boardId = await boardOf(a, owner, 'Access');
    const [kept, removed] = [await signUp(a, 'Kept'), await signUp(a, 'Removed')];
    for (const person of [kept, removed]) {
      await a.access.addMember(principal(owner), boardId, person.user.email, 'member');
    }
    const onB = async (auth: ClientAuth) => {
      const client = await TestClient.connect(b.url, boardId, auth);
      clients.push(client);
      return client;
    };
    const [keptClient, removedClient] = [await onB({ cookie: kept.cookie }), await onB({ cookie: removed.cookie })];

    const gone = await api(a, 'DELETE', `/api/boards/${boardId}/members/${removed.user.id}`, { cookie: owner.cookie });
    expect(gone.status).toBe(204);
    await waitFor(() => removedClient.role === null, 'node b to take the board from the removed member');

    const loggedOut = await api(a, 'POST', '/api/auth/logout', { cookie: kept.cookie });
    expect(loggedOut.status).toBe(204);
    await waitFor(() => !keptClient.socket.connected, 'node b to close the signed-out session’s connection');
    expect(keptClient.errors).toContain('UNAUTHENTICATED');
  });
});
