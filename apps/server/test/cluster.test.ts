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
  createStore,
  signUp,
  storeKinds,
  waitFor,
  type ClientAuth,
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
