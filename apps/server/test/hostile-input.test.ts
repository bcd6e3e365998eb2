import { events } from '@obeya/db';
import { encodeSyncStep1, type CommandAck } from '@obeya/sync';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  api,
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

/**
 * A broken or hostile client gets a clear error for every bad message; the server stays up, an
 * honest client on the same board notices nothing, and nothing in the database changes.
 */
describe.each(storeKinds)('hostile input on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  let owner: TestUser;
  let attacker: TestUser;
  let boardId: string;
  let columnId: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store);
    owner = await signUp(server, 'Owner');
    attacker = await signUp(server, 'Mallory');
    boardId = await boardOf(server, owner, 'Target');
    // The attacker is a member: the worst case, someone allowed in who misbehaves.
    await server.access.addMember(principal(owner), boardId, attacker.user.email, 'member');
    columnId = (await server.boards.getBoard(boardId)).columns[0]!.id;
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  async function eventCount(): Promise<number> {
    const [row] = await server.database.db.select({ n: sql<number>`count(*)::int` }).from(events);
    return row?.n ?? 0;
  }

  /** The honest client creates a card and sees it arrive: proof it was not disturbed. */
  async function honestRoundTrip(honest: TestClient, title: string): Promise<void> {
    const ack = await honest.command('card:create', { title, columnId });
    expect(ack.ok).toBe(true);
    await waitFor(() => honest.board().cards.some((c) => c.title === title), `"${title}" to arrive`);
  }

  it('REST: malformed JSON, wrong types, huge strings and unknown fields get 4xx errors and change nothing', async () => {
    const before = await eventCount();
    const as = { cookie: attacker.cookie };
    const cases: Array<[unknown, number]> = [
      ['{"title": ', 400],
      ['[1,2,3]', 400],
      [{ title: 42, columnId }, 400],
      [{ title: 'x', columnId, extra: 'field' }, 400],
      [{ title: 'x'.repeat(201), columnId }, 400],
      [{ title: 'x'.repeat(200_000), columnId }, 413],
      [{ title: 'ok', columnId: 'c'.repeat(65) }, 400],
      [{ title: 'ok', columnId: { $gt: '' } }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await api(server, 'POST', `/api/boards/${boardId}/cards`, { ...as, body });
      expect(res.status).toBe(status);
      expect(typeof res.body.error.message).toBe('string');
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.ts:\d+|select |insert into|stack/i);
    }
    const sqlish = await api(server, 'GET', `/api/boards/${encodeURIComponent("x' or '1'='1")}`, as);
    expect(sqlish.status).toBe(404);
    expect(await eventCount()).toBe(before);
    expect((await api(server, 'GET', '/api/health')).status).toBe(200);
  });

  it('socket: wrong types, unknown events, oversized messages and garbage sync messages get clear errors', async () => {
    const honest = await TestClient.connect(server.url, boardId, owner);
    const hostile = await TestClient.connect(server.url, boardId, attacker);
    clients.push(honest, hostile);
    const before = await eventCount();
    const emit = (event: string, payload: unknown) =>
      (hostile.socket.emitWithAck as (e: string, p: unknown) => Promise<CommandAck>).call(
        hostile.socket,
        event,
        payload,
      );

    const answers = {
      wrongTypes: await emit('card:create', { opId: 7, boardId, title: ['x'], columnId }),
      unknownEvent: await emit('board:yjs-update', { boardId, update: new Uint8Array(10) }),
      hugeTitle: await emit('card:create', { opId: 'op-huge-0001', boardId, title: 'x'.repeat(70_000), columnId }),
      hugeYjs: await emit('board:join', { boardId, epoch: 0, syncStep1: new Uint8Array(200_000) }),
      garbageSync: await emit('board:join', {
        boardId,
        epoch: 0,
        syncStep1: new Uint8Array([0, 255, 255, 255, 255, 255, 1, 2]),
      }),
      notBinary: await emit('board:join', { boardId, epoch: 0, syncStep1: 'AAAA' }),
      badEpoch: await emit('board:join', { boardId, epoch: -1, syncStep1: new Uint8Array([0, 0]) }),
      noPayload: await emit('card:move', null),
    };
    expect(answers.wrongTypes).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(answers.unknownEvent).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(answers.unknownEvent.ok || answers.unknownEvent.error.message).toMatch(/Unknown message/);
    expect(answers.hugeTitle).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(answers.hugeYjs).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(answers.garbageSync).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(answers.notBinary).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(answers.badEpoch).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(answers.noPayload).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });

    // Even a well-formed Yjs update has no way in: the server is the only writer of the board.
    const forged = new Y.Doc();
    forged.getMap('cards').set('forged', new Y.Map());
    const sneaky = await emit('board:synced', { boardId, message: Y.encodeStateAsUpdate(forged) });
    expect(sneaky).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await eventCount()).toBe(before);
    expect(hostile.socket.connected).toBe(true);
    await honestRoundTrip(honest, 'Still fine');
    expect(honest.board().cards.map((c) => c.title)).not.toContain('forged');
  });

  it('a flood of commands from one connection is slowed down; another client on the board is not', async () => {
    const honest = await TestClient.connect(server.url, boardId, owner);
    const flooder = await TestClient.connect(server.url, boardId, attacker);
    clients.push(honest, flooder);
    const before = (await server.boards.getBoard(boardId)).cards.length;
    const flood = Array.from({ length: 300 }, (_, i) =>
      flooder.command('card:update', { cardId: 'missing-card', title: `Flood ${i}` }),
    );
    const honestDuringFlood = Array.from({ length: 5 }, (_, i) =>
      honest.command('card:create', { title: `Honest ${i}`, columnId }),
    );
    const [floodAnswers, honestAnswers] = await Promise.all([Promise.all(flood), Promise.all(honestDuringFlood)]);
    const limited = floodAnswers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThan(200);
    expect(honestAnswers.every((a) => a.ok)).toBe(true);
    await waitFor(() => honest.board().cards.length === before + 5, 'the honest cards');
    // The flooder's joins are limited too, yet after a pause it is served again.
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await flooder.command('card:create', { title: 'After the pause', columnId })).ok).toBe(true);
  });

  it('brute-force sign-in against many accounts from one address is cut off; signed-in people carry on', async () => {
    const guesses = Array.from({ length: 60 }, (_, i) =>
      api(server, 'POST', '/api/auth/login', {
        body: { email: `user${i}@example.test`, password: `guess-${i}-password` },
      }),
    );
    const statuses = (await Promise.all(guesses)).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(50);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
    expect((await api(server, 'GET', '/api/health')).status).toBe(200);
    // The honest client's session keeps working through it.
    expect((await api(server, 'GET', '/api/me', { cookie: owner.cookie })).status).toBe(200);
  });

  it('an internal failure answers with a generic message, never a stack trace or SQL', async () => {
    const other = await createStore('pglite');
    const broken = await startServer(other);
    try {
      const person = await signUp(broken, 'Person');
      await broken.database.close();
      const res = await api(broken, 'GET', '/api/boards', { token: person.token });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'Something went wrong on the server.' } });
    } finally {
      await broken.close().catch(() => undefined);
      await other.drop();
    }
  });

  it('a join with a state vector from a stale replica still converges (not mistaken for an attack)', async () => {
    const stale = new Y.Doc();
    stale.getMap('x').set('a', 1);
    const answer = await (async () => {
      const c = await TestClient.connect(server.url, boardId, owner);
      clients.push(c);
      return (c.socket.emitWithAck as (e: string, p: unknown) => Promise<{ ok: boolean }>).call(
        c.socket,
        'board:join',
        {
          boardId,
          epoch: 0,
          syncStep1: encodeSyncStep1(stale),
        },
      );
    })();
    expect(answer.ok).toBe(true);
  });
});
