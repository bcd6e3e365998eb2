import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createStore,
  signUp,
  startServer,
  storeKinds,
  TestClient,
  waitFor,
  type RunningServer,
  type Store,
} from './helpers.ts';
import { race, raceSetup, settledState } from './wip-race.ts';

describe.each(storeKinds)('WIP limits on %s', (kind) => {
  let store: Store;
  let server: RunningServer;

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store);
  });
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  it('50 people racing 50 cards into a column with a hard limit of 3: exactly 3 get in, everyone agrees', async () => {
    const setup = await raceSetup(server.url, 50, 3);
    const result = await race([server.url], setup, 10);
    try {
      const admitted = result.answers.filter((a) => a.ok);
      const refused = result.answers.flatMap((a) => (a.ok ? [] : [a.error]));
      expect(admitted).toHaveLength(3);
      expect(refused).toHaveLength(47);
      for (const error of refused) {
        expect(error).toMatchObject({
          code: 'WIP_LIMIT',
          message: 'Doing is at its limit: 3 of 3.',
          details: { scope: { kind: 'column', columnId: setup.doingId }, count: 3, max: 3, mode: 'hard' },
        });
      }
      const { boards, reference, movedIn } = await settledState([server.url], result);
      const inDoing = reference.filter((c) => c.columnId === setup.doingId).map((c) => c.id);
      const admittedIds = setup.cardIds.filter((_, i) => result.answers[i]?.ok);
      expect(inDoing.sort()).toEqual([...admittedIds].sort());
      expect(movedIn.sort()).toEqual([...admittedIds].sort());
      expect(boards).toHaveLength(1);
    } finally {
      result.clients.forEach((c) => c.close());
    }
  });

  it('a soft limit needs a reason; with one the move is recorded as a breach until the column is back within', async () => {
    const setup = await raceSetup(server.url, 3, 1, 1);
    const token = setup.people[0]!.token;
    const scope = { kind: 'column', columnId: setup.doingId };
    await api(server, 'PUT', `/api/boards/${setup.boardId}/limits`, { token, body: { scope, max: 1, mode: 'soft' } });
    const move = (cardId: string, body: object = {}) =>
      api(server, 'POST', `/api/cards/${cardId}/move`, { token, body: { toColumnId: setup.doingId, ...body } });
    const [first, second] = setup.cardIds as [string, string];
    expect((await move(first)).status).toBe(200);
    const refused = await move(second);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'WIP_REASON_REQUIRED',
      message: 'Doing is at its soft limit: 1 of 1. Give a reason to go over it.',
    });
    expect((await move(second, { reason: 'Customer outage' })).status).toBe(200);
    const board = async () => (await api(server, 'GET', `/api/boards/${setup.boardId}`, { token })).body.board;
    expect((await board()).breaches).toEqual([
      expect.objectContaining({
        scope,
        cardId: second,
        count: 2,
        max: 1,
        reason: 'Customer outage',
        by: { id: setup.people[0]!.user.id, name: 'Owner' },
      }),
    ]);
    await api(server, 'POST', `/api/cards/${first}/archive`, { token });
    expect((await board()).breaches).toEqual([]);
  });

  it('a limit lowered below the count shows the column over it and admits nothing until it is back under', async () => {
    const setup = await raceSetup(server.url, 4, 3, 1);
    const token = setup.people[0]!.token;
    const move = (cardId: string, toColumnId = setup.doingId) =>
      api(server, 'POST', `/api/cards/${cardId}/move`, { token, body: { toColumnId } });
    for (const id of setup.cardIds.slice(0, 3)) expect((await move(id)).status).toBe(200);
    const scope = { kind: 'column', columnId: setup.doingId };
    const lowered = await api(server, 'PUT', `/api/boards/${setup.boardId}/limits`, {
      token,
      body: { scope, max: 2, mode: 'hard' },
    });
    expect(lowered.body.limit).toMatchObject({ count: 3, over: true, limit: { max: 2 } });
    expect((await move(setup.cardIds[3]!)).body.error.message).toBe('Doing is over its limit: 3 of 2.');
  });

  it('assignees must be members; a person at their limit takes no more started work', async () => {
    const setup = await raceSetup(server.url, 2, 9, 2);
    const [owner, member] = setup.people as [(typeof setup.people)[0], (typeof setup.people)[0]];
    const token = owner.token;
    const stranger = await signUp(server, 'Stranger');
    const assign = (cardId: string, assignees: string[]) =>
      api(server, 'PUT', `/api/cards/${cardId}/assignees`, { token, body: { assignees } });
    const [a, b] = setup.cardIds as [string, string];
    expect((await assign(a, [stranger.user.id])).body.error.code).toBe('NOT_FOUND');
    await api(server, 'PUT', `/api/boards/${setup.boardId}/limits`, {
      token,
      body: { scope: { kind: 'person', userId: member.user.id }, max: 1 },
    });
    for (const id of [a, b]) {
      await api(server, 'POST', `/api/cards/${id}/move`, { token, body: { toColumnId: setup.doingId } });
    }
    expect((await assign(a, [member.user.id])).body.card.assignees).toEqual([member.user.id]);
    const refused = await assign(b, [member.user.id]);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('Member 1 is at the personal limit: 1 of 1.');
  });

  it('a column group has one limit over its columns, and every client sees the group and limit change', async () => {
    const setup = await raceSetup(server.url, 3, 9, 1);
    const token = setup.people[0]!.token;
    const { board } = (await api(server, 'GET', `/api/boards/${setup.boardId}`, { token })).body;
    const done = board.columns.find((c: { name: string }) => c.name === 'Done').id;
    const client = await TestClient.connect(server.url, setup.boardId, { token });
    try {
      const created = await api(server, 'POST', `/api/boards/${setup.boardId}/groups`, {
        token,
        body: { name: 'Delivery', columnIds: [done, setup.doingId] },
      });
      expect(created.status).toBe(201);
      expect(created.body.group.columnIds).toEqual([setup.doingId, done]);
      const scope = { kind: 'group', groupId: created.body.group.id };
      await api(server, 'PUT', `/api/boards/${setup.boardId}/limits`, { token, body: { scope, max: 2 } });
      await waitFor(() => client.board().limits.some((l) => l.scope.kind === 'group'), 'the group limit to arrive');
      const [a, b, c] = setup.cardIds as [string, string, string];
      const move = (cardId: string, toColumnId: string) =>
        api(server, 'POST', `/api/cards/${cardId}/move`, { token, body: { toColumnId } });
      expect((await move(a, setup.doingId)).status).toBe(200);
      expect((await move(b, done)).status).toBe(200);
      expect((await move(a, done)).status).toBe(200); // within the group: does not count
      expect((await move(c, setup.doingId)).body.error.message).toBe('Delivery is at its limit: 2 of 2.');
      const removed = await api(server, 'DELETE', `/api/boards/${setup.boardId}/groups/${scope.groupId}`, { token });
      expect(removed.status).toBe(204);
      await waitFor(() => client.board().groups.length === 0 && client.board().limits.length === 1, 'the group to go');
      expect((await move(c, setup.doingId)).status).toBe(200);
    } finally {
      client.close();
    }
  });
});
