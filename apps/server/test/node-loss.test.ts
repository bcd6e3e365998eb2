import type { BoardState, LimitScope } from '@obeya/domain';
import type { CommandAck } from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { presentBoard } from '../src/routes/boards.ts';
import { Balancer } from './balancer.ts';
import { Cluster } from './cluster.ts';
import { TestClient, api, createStore, signUp, storeKinds, waitFor, type Store, type TestUser } from './helpers.ts';

/*
 * "Killing a node (SIGKILL) loses no acknowledged change; its clients reconnect to another node
 * and resync with no duplicate and no missing card; commands they had in flight are retried safely
 * (applied at most once)."
 *
 * Three server processes on one PostgreSQL, behind a loopback load balancer. Clients pull cards in
 * and out of a column with a hard limit and create cards, each command with its own operation id.
 * Mid-run, one node is killed with commands in flight on it of every kind: some committed with
 * their acknowledgement still on the wire, some not yet delivered to the node, the rest wherever
 * they happen to be. The run goes on on the survivors; then the stored log, the stored operation
 * results, every client's replica and every live node's answer are checked against what the
 * clients were told.
 */

const NODES = 3;
const CLIENTS_PER_NODE = 7;
const LIMIT = 4;
/** Answered commands every client makes before the kill, and again after it. */
const COMMANDS_PER_PHASE = 4;

/** A board as `GET /api/boards/:id` shows it, so a client's replica compares with a node's answer. */
const asServed = (board: BoardState): unknown => JSON.parse(JSON.stringify(presentBoard(board)));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls an asynchronous check until it holds; fails with `what` after `ms`. */
async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

type Kind = 'create' | 'move';

/** One command a client sent, and what it was told. */
interface Sent {
  opId: string;
  kind: Kind;
  /** A move's card and target column. */
  cardId?: string;
  toColumnId?: string;
  /** A creation's title, unique on the board. */
  title?: string;
  ack?: CommandAck;
  /** Set when the command never got an answer (socket.io gave up on it). */
  failure?: string;
  /** Answered after the node was killed. */
  answeredAfterKill: boolean;
}

interface Columns {
  todo: string;
  doing: string;
  done: string;
}

/**
 * A person's browser, busy: one command at a time (a client with socket.io's `retries` sends the
 * next only after the previous one is answered), each with a fresh operation id. It creates cards
 * and moves its own cards between "To do" and the limited "Doing", and keeps where its cards are
 * from the answers alone: nobody else moves them.
 */
class Worker {
  readonly sent: Sent[] = [];
  /** Its cards and the column each is in, as the acknowledgements say. */
  readonly cards = new Map<string, string>();
  /** The engine.io session of every connection it made, in order. */
  readonly sids: string[] = [];
  pending: Sent | null = null;
  waiting = false;
  private gate: Promise<void> | null = null;
  private open: () => void = () => undefined;
  private forced: Kind | null = null;
  private stopped = false;
  private seq = 0;
  /** Set when the node was killed, so later answers are told apart. */
  killed = false;
  /** Called as soon as an answer arrives, before anything else happens. */
  onAnswer: ((sent: Sent) => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    readonly index: number,
    readonly client: TestClient,
    private readonly columns: Columns,
  ) {
    this.sids.push(client.socket.io.engine.id);
    client.socket.io.on('open', () => this.sids.push(client.socket.io.engine.id));
  }

  get sid(): string {
    return this.sids.at(-1)!;
  }

  answered(afterKill = false): number {
    return this.sent.filter((s) => (s.ack || s.failure) && (!afterKill || s.answeredAfterKill)).length;
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops before the next command; `waiting` tells when it got there. */
  pause(): void {
    this.gate ??= new Promise((resolve) => (this.open = resolve));
  }

  /** Goes on, with a command of `kind` first when given. */
  resume(kind: Kind | null = null): void {
    this.forced = kind;
    this.gate = null;
    this.open();
  }

  /** Stops after the command in flight, if any, is answered. */
  async stop(): Promise<void> {
    this.halt();
    await this.loop;
  }

  /** Stops sending, without waiting for the command in flight (which may never be answered). */
  halt(): void {
    this.stopped = true;
    this.resume();
  }

  private next(): Sent {
    const owned = [...this.cards.keys()];
    const kind = this.forced ?? (owned.length < 2 || Math.random() < 0.15 ? 'create' : 'move');
    const opId = randomUUID();
    if (kind === 'create' || owned.length === 0) {
      this.forced = null;
      return { opId, kind: 'create', title: `Client ${this.index} card ${this.seq++}`, answeredAfterKill: false };
    }
    // A chosen move finishes a card: always admitted, so it surely changes the board. Any other
    // move takes a card in To do to the limited Doing, and any other card back to To do.
    const finish = this.forced === 'move';
    this.forced = null;
    const pick = (list: string[]) => list[Math.floor(Math.random() * list.length)]!;
    const open = owned.filter((id) => this.cards.get(id) !== this.columns.done);
    if (finish && open.length > 0) {
      return { opId, kind, cardId: pick(open), toColumnId: this.columns.done, answeredAfterKill: false };
    }
    const cardId = pick(owned);
    const toColumnId = this.cards.get(cardId) === this.columns.todo ? this.columns.doing : this.columns.todo;
    return { opId, kind, cardId, toColumnId, answeredAfterKill: false };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.gate) {
        this.waiting = true;
        await this.gate;
        this.waiting = false;
        continue;
      }
      const sent = this.next();
      this.sent.push(sent);
      this.pending = sent;
      try {
        sent.ack =
          sent.kind === 'create'
            ? await this.client.command('card:create', { title: sent.title!, columnId: this.columns.todo }, sent.opId)
            : await this.client.command('card:move', { cardId: sent.cardId!, toColumnId: sent.toColumnId! }, sent.opId);
      } catch (err) {
        sent.failure = (err as Error).message;
      }
      sent.answeredAfterKill = this.killed;
      this.pending = null;
      this.onAnswer?.(sent);
      if (sent.ack?.ok && sent.kind === 'create') this.cards.set(sent.ack.createdId!, this.columns.todo);
      if (sent.ack?.ok && sent.kind === 'move') this.cards.set(sent.cardId!, sent.toColumnId!);
      // A person's pace, well under the server's per-connection message rate.
      await sleep(30 + Math.random() * 40);
    }
  }
}

// Several server nodes share one database only on PostgreSQL; the embedded one has one process.
describe.runIf(storeKinds.includes('postgres'))('losing a server node (needs DATABASE_URL)', () => {
  let store: Store;
  let cluster: Cluster;
  let balancer: Balancer;
  let db: pg.Client;
  const workers: Worker[] = [];

  beforeAll(async () => {
    store = await createStore('postgres');
    if (store.options.kind !== 'postgres') throw new Error('This suite needs a PostgreSQL store.');
    db = new pg.Client({ connectionString: store.options.url });
    await db.connect();
    cluster = await Cluster.start(NODES, { DATABASE_URL: store.options.url });
    balancer = await Balancer.start(cluster.nodes.map((n) => n.port));
  });
  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return;
    console.error(cluster.output());
    console.error(
      'balancer connections (node, session):',
      balancer.connections.map((c) => [c.node, c.sid]),
    );
  });
  afterAll(async () => {
    workers.forEach((w) => {
      w.halt();
      w.client.close();
    });
    await balancer?.close();
    await cluster?.stop();
    await db?.end();
    await store?.drop();
  });

  /** A board whose "Doing" has a hard limit, with its owner and two members. */
  async function limitedBoard(): Promise<{ id: string; columns: Columns; people: TestUser[] }> {
    const node = { url: cluster.node(0).url };
    const people = [await signUp(node, 'Owner'), await signUp(node, 'Ann'), await signUp(node, 'Bob')];
    const as = { token: people[0]!.token };
    const created = await api(node, 'POST', '/api/boards', { ...as, body: { name: 'Node loss', template: 'basic' } });
    expect(created.status).toBe(201);
    const id: string = created.body.board.id;
    for (const person of people.slice(1)) {
      const added = await api(node, 'POST', `/api/boards/${id}/members`, {
        ...as,
        body: { email: person.user.email, role: 'member' },
      });
      expect(added.status).toBe(201);
    }
    const board = (await api(node, 'GET', `/api/boards/${id}`, as)).body.board as BoardState;
    const column = (name: string) => board.columns.find((c) => c.name === name)!.id;
    const columns = { todo: column('To do'), doing: column('Doing'), done: column('Done') };
    const scope: LimitScope = { kind: 'column', columnId: columns.doing };
    const limited = await api(node, 'PUT', `/api/boards/${id}/limits`, {
      ...as,
      body: { scope, max: LIMIT, mode: 'hard' },
    });
    expect(limited.status).toBe(200);
    return { id, columns, people };
  }

  async function storedOpIds(boardId: string, opIds: string[]): Promise<Set<string>> {
    const rows = await db.query('select op_id from operations where board_id = $1 and op_id = any($2)', [
      boardId,
      opIds,
    ]);
    return new Set(rows.rows.map((r: { op_id: string }) => r.op_id));
  }

  it('SIGKILL of one node mid-run loses no acknowledged move and leaves every surviving client converged', async () => {
    const { id, columns, people } = await limitedBoard();

    // Clients connect one after another through the balancer, so each node gets its share.
    for (let i = 0; i < NODES * CLIENTS_PER_NODE; i++) {
      const client = await TestClient.connect(balancer.url, id, { token: people[i % people.length]!.token });
      workers.push(new Worker(i, client, columns));
    }
    const onNode = (node: number) => workers.filter((w) => balancer.nodeOf(w.sid) === node);
    expect([0, 1, 2].map((n) => onNode(n).length)).toEqual([7, 7, 7]);

    workers.forEach((w) => w.start());
    await waitFor(
      () => workers.every((w) => w.answered() >= COMMANDS_PER_PHASE),
      'every client to have commands answered',
      30_000,
    );

    // Commands in flight on the doomed node, of each kind, put there on purpose.
    const victim = 1;
    const doomed = onNode(victim);
    const ackLost = doomed.slice(0, 3); // committed, the acknowledgement still on its way
    const requestLost = doomed.slice(3, 5); // sent, not yet delivered to the node
    const held = [...ackLost, ...requestLost];
    held.forEach((w) => w.pause());
    await waitFor(() => held.every((w) => w.waiting), 'the chosen clients to finish their current command');
    const kinds: Kind[] = ['create', 'move', 'create', 'create', 'move'];
    held.forEach((w, i) => {
      balancer.hold(w.sid, i < ackLost.length ? 'toClient' : 'toNode');
      w.resume(kinds[i]!);
    });
    await waitFor(() => held.every((w) => w.pending !== null), 'the chosen clients to send their command');
    const ackLostOps = ackLost.map((w) => w.pending!.opId);
    const requestLostOps = requestLost.map((w) => w.pending!.opId);
    await until(
      async () => (await storedOpIds(id, ackLostOps)).size === ackLostOps.length,
      'the node to commit the commands whose answers are held back',
    );
    await waitFor(
      () => requestLost.every((w) => balancer.heldBytes(w.sid, 'toNode') > 0),
      'the held-back commands to reach the balancer',
    );
    expect([...(await storedOpIds(id, requestLostOps))], 'commands the node never received are not applied').toEqual(
      [],
    );

    // The kill, right after one of the doomed node's clients is told a change of its was accepted:
    // that change must survive. Whatever else is in flight at that instant is in flight.
    const trigger = doomed[5]!;
    const kill: { done?: Promise<void>; opId?: string; inFlight?: number } = {};
    trigger.onAnswer = (s) => {
      if (!s.ack?.ok || kill.done) return;
      trigger.onAnswer = null;
      workers.forEach((w) => (w.killed = true));
      kill.done = cluster.kill(victim);
      kill.opId = s.opId;
      kill.inFlight = workers.filter((w) => w.pending !== null).length;
    };
    await waitFor(() => kill.done !== undefined, 'a change acknowledged by the doomed node', 20_000);
    await kill.done;
    expect(cluster.node(victim).running).toBe(false);
    expect(kill.inFlight).toBeGreaterThanOrEqual(held.length);

    // The run goes on: every client, the killed node's included, gets more commands answered.
    await waitFor(
      () => workers.every((w) => w.answered(true) >= COMMANDS_PER_PHASE),
      'every client to have commands answered after the kill',
      30_000,
    );
    await Promise.all(workers.map((w) => w.stop()));
    const survivors = [0, 1, 2].filter((n) => n !== victim);

    // Every command got an answer, the held-back ones once sent again to another node; the
    // acknowledged ones are stored, the refused ones were refused by the hard limit only.
    const sent = workers.flatMap((w) => w.sent);
    const find = (opId: string) => sent.find((s) => s.opId === opId)!;
    expect
      .soft(
        sent.filter((s) => s.failure !== undefined),
        'commands never answered',
      )
      .toEqual([]);
    const refusals = sent.flatMap((s) => (s.ack && !s.ack.ok ? [s.ack.error] : []));
    expect
      .soft(
        refusals.filter((e) => e.code !== 'WIP_LIMIT'),
        'refusals other than the hard limit',
      )
      .toEqual([]);
    expect(refusals.length, 'the race reached the limit').toBeGreaterThan(0);
    const retried = [...ackLostOps, ...requestLostOps].map(find);
    expect
      .soft(
        retried.map((s) => [s.kind, s.answeredAfterKill, s.ack?.ok]),
        'the held-back commands: answered after the kill, and admitted',
      )
      .toEqual(retried.map((s) => [s.kind, true, true]));

    // What is stored for every operation id is the answer its client got, the retried ones' too:
    // the change acknowledged right before the kill included.
    const operations = await db.query('select op_id, result from operations where board_id = $1', [id]);
    const stored = new Map(operations.rows.map((r: { op_id: string; result: CommandAck }) => [r.op_id, r.result]));
    expect.soft(stored.has(kill.opId!), 'the change acknowledged right before the kill is stored').toBe(true);
    expect
      .soft(
        sent
          .filter((s) => !isDeepStrictEqual(stored.get(s.opId), s.ack))
          .map((s) => ({ ...s, stored: stored.get(s.opId) ?? null })),
        'commands whose stored result is not what their client was told',
      )
      .toEqual([]);

    // The event log holds every acknowledged creation and move exactly once, and nothing else:
    // per card, its creation and then exactly the moves its client was told were admitted, in order.
    const log = await db.query('select type, card_id, payload from events where board_id = $1 order by id', [id]);
    type Logged = { card?: { title: string; columnId: string }; to?: { columnId: string } };
    const events = log.rows as Array<{ type: string; card_id: string; payload: Logged }>;
    const history = (entries: Array<[string, string]>) => {
      const map = new Map<string, string[]>();
      for (const [cardId, what] of entries) map.set(cardId, [...(map.get(cardId) ?? []), what]);
      return map;
    };
    const logged = history(
      events.flatMap((e): Array<[string, string]> =>
        e.type === 'card.created'
          ? [[e.card_id, `created ${e.payload.card!.title}`]]
          : e.type === 'card.moved'
            ? [[e.card_id, `moved to ${e.payload.to!.columnId}`]]
            : [],
      ),
    );
    const acknowledged = history(
      sent.flatMap((s): Array<[string, string]> =>
        !s.ack?.ok
          ? []
          : s.kind === 'create'
            ? [[s.ack.createdId!, `created ${s.title}`]]
            : [[s.cardId!, `moved to ${s.toColumnId}`]],
      ),
    );
    expect.soft(logged, 'the event log, card by card, against the acknowledgements').toEqual(acknowledged);

    // Replayed in order, the log never has more cards in Doing than its hard limit.
    const place = new Map<string, string>();
    let most = 0;
    for (const e of events) {
      if (e.type === 'card.created') place.set(e.card_id, e.payload.card!.columnId);
      if (e.type === 'card.moved') place.set(e.card_id, e.payload.to!.columnId);
      most = Math.max(most, [...place.values()].filter((c) => c === columns.doing).length);
    }
    expect.soft(most, 'the most cards Doing ever held').toBeLessThanOrEqual(LIMIT);

    // Every client, the killed node's included, converges on the board the acknowledgements describe.
    const expected = workers
      .flatMap((w) => [...w.cards])
      .map(([cardId, columnId]) => `${cardId}:${columnId}`)
      .sort();
    const placed = (board: BoardState) => board.cards.map((c) => `${c.id}:${c.columnId}`).sort();
    const lagging = () =>
      workers.flatMap((w) => {
        const held = placed(w.client.board());
        const missing = expected.filter((x) => !held.includes(x));
        const extra = held.filter((x) => !expected.includes(x));
        const what = `client ${w.index} (joins ${w.client.joins}): missing [${missing}], extra [${extra}]`;
        return missing.length + extra.length > 0 ? [what] : [];
      });
    await waitFor(
      () => lagging().length === 0,
      'every client to hold every acknowledged card where its last acknowledged move put it',
    ).catch((err: Error) => {
      throw new Error(`${err.message} (card:column):\n${lagging().join('\n')}`);
    });
    const replicas = () => workers.map((w) => JSON.stringify(asServed(w.client.board())));
    await waitFor(() => new Set(replicas()).size === 1, 'every replica to agree');
    const replica = asServed(workers[0]!.client.board());
    for (const n of survivors) {
      const served = await api(cluster.node(n), 'GET', `/api/boards/${id}`, { token: people[0]!.token });
      expect(served.status).toBe(200);
      expect(served.body.board, `node ${n} serves what the clients hold`).toEqual(replica);
    }
    const ids = workers[0]!.client.board().cards.map((c) => c.id);
    expect(new Set(ids).size, 'no card twice').toBe(ids.length);
    const created = sent.flatMap((s) => (s.kind === 'create' && s.ack?.ok ? [s.ack.createdId!] : []));
    expect(ids.sort(), 'no card missing or extra').toEqual(created.sort());

    // The killed node's clients were there, and came back through the survivors.
    for (const w of workers) {
      expect(w.client.socket.connected).toBe(true);
      if (doomed.includes(w)) {
        expect(balancer.nodeOf(w.sids[0]), `client ${w.index} started on the killed node`).toBe(victim);
        expect(survivors, `client ${w.index} is now on a surviving node`).toContain(balancer.nodeOf(w.sid));
        expect(w.client.joins, `client ${w.index} joined again`).toBeGreaterThan(1);
      } else {
        expect(w.sids, `client ${w.index} kept its connection`).toHaveLength(1);
        expect(w.client.joins).toBe(1);
      }
    }
  });

  it('a node that stalls is left out of the presence lists, and its people are back once it runs again', async () => {
    const stalled = 2;
    if (!cluster.node(stalled).running) await cluster.node(stalled).start();
    const { id, people } = await limitedBoard();
    const [, ann, bob] = people as [TestUser, TestUser, TestUser];
    const watcher = await TestClient.connect(cluster.node(0).url, id, { token: bob.token });
    const frozen = await TestClient.connect(cluster.node(stalled).url, id, { token: ann.token });
    const names = () => watcher.presence.map((p) => p.name).sort();
    try {
      await waitFor(() => names().length === 2, 'Bob to see Ann, who is on another node');
      // Longer than the adapter's heartbeat timeout (5 s), shorter than socket.io's (15 s): Ann stays connected.
      cluster.node(stalled).pause();
      await waitFor(() => isDeepStrictEqual(names(), ['Bob']), 'the stalled node’s people to leave', 20_000);
      cluster.node(stalled).resume();
      await waitFor(() => names().length === 2, 'Ann to be back once her node runs again', 20_000);
      expect(frozen.joins).toBe(1);
    } finally {
      cluster.node(stalled).resume();
      watcher.close();
      frozen.close();
    }
  });

  it('people whose node is lost leave the presence lists on the other nodes within seconds', async () => {
    // Independent of the test above: the node to lose is (re)started here.
    const lost = 1;
    if (!cluster.node(lost).running) await cluster.node(lost).start();
    const { id, people } = await limitedBoard();
    const [, ann, bob] = people as [TestUser, TestUser, TestUser];
    const watcher = await TestClient.connect(cluster.node(0).url, id, { token: bob.token });
    const gone = await TestClient.connect(cluster.node(lost).url, id, { token: ann.token });
    // Ann's browser does not come back (closed with the node): only the lost node knew her.
    gone.socket.io.reconnection(false);
    try {
      const names = () => watcher.presence.map((p) => p.name).sort();
      await waitFor(() => names().length === 2, 'Bob to see Ann, who is on another node');
      await cluster.kill(lost);
      await waitFor(() => isDeepStrictEqual(names(), ['Bob']), 'Ann to leave Bob’s list', 20_000);
    } finally {
      watcher.close();
      gone.close();
    }
  });
});
