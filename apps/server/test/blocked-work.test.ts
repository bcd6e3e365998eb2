import type { Report } from '@obeya/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  boardOf,
  createStore,
  principal,
  signUp,
  startServer,
  storeKinds,
  type RunningServer,
  type Store,
  type TestUser,
} from './helpers.ts';

const HOUR = 3_600_000;

describe.each(storeKinds)('blocked work on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  let owner: TestUser;
  // The server's clock, moved forward between commands so blocked intervals have real lengths.
  let now = Date.parse('2026-03-02T08:00:00Z');

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store, 0, { clock: { now: () => new Date(now) } });
    owner = await signUp(server, 'Owner');
  });
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  const call = (method: string, path: string, body?: unknown, who: TestUser = owner) =>
    api(server, method, path, { token: who.token, body });

  /** A board with one card started in Doing; returns its ids. */
  async function startedCard(name: string): Promise<{ boardId: string; cardId: string; doing: string }> {
    const boardId = await boardOf(server, owner, name);
    const board = (await call('GET', `/api/boards/${boardId}`)).body.board;
    const doing = board.columns.find((c: { name: string }) => c.name === 'Doing').id;
    const card = await call('POST', `/api/boards/${boardId}/cards`, { title: `${name} card`, columnId: doing });
    return { boardId, cardId: card.body.card.id, doing };
  }

  it('keeps every blocked interval: the export lists them and the metrics count the same blocked time', async () => {
    const { boardId, cardId } = await startedCard('Intervals');
    const step = async (hours: number, path: string, body?: unknown) => {
      now += hours * HOUR;
      const res = await call('POST', `/api/cards/${cardId}/${path}`, body);
      expect(res.status).toBe(200);
      return res.body.card;
    };
    const start = now;
    const blocked = await step(1, 'block', { reason: 'Waiting for the vendor', waste: 'waiting' });
    expect(blocked.blocked).toEqual({
      reason: 'Waiting for the vendor',
      waste: 'waiting',
      since: new Date(start + HOUR).toISOString(),
      by: { id: owner.user.id, name: 'Owner' },
    });
    await step(2, 'unblock');
    await step(1, 'block', { reason: 'Test system down', waste: 'defects' });
    await step(1, 'block', { reason: 'Waiting for the vendor', waste: 'waiting' }); // a new reason: a new interval
    await step(3, 'unblock');
    expect((await step(1, 'unblock')).blocked).toBeNull(); // already unblocked: nothing happens

    const lines = ((await call('GET', `/api/boards/${boardId}/flow-log`)).body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; at: string; reason?: string; waste?: string })
      .filter((l) => l.type === 'blocked' || l.type === 'unblocked');
    const t = (hours: number) => new Date(start + hours * HOUR).toISOString();
    expect(lines).toEqual([
      { type: 'blocked', card: cardId, at: t(1), reason: 'Waiting for the vendor', waste: 'waiting' },
      { type: 'unblocked', card: cardId, at: t(3) },
      { type: 'blocked', card: cardId, at: t(4), reason: 'Test system down', waste: 'defects' },
      { type: 'blocked', card: cardId, at: t(5), reason: 'Waiting for the vendor', waste: 'waiting' },
      { type: 'unblocked', card: cardId, at: t(8) },
    ]);

    const report = (await call('GET', `/api/boards/${boardId}/metrics`)).body as Report;
    expect(report.blockedByReason).toEqual([
      { reason: 'Waiting for the vendor', waste: 'waiting', count: 2, ms: 5 * HOUR },
      { reason: 'Test system down', waste: 'defects', count: 1, ms: 1 * HOUR },
    ]);
    expect((await call('GET', `/api/boards/${boardId}/blocker-reasons`)).body.reasons).toEqual([
      'Waiting for the vendor',
      'Test system down',
    ]);
  });

  it('lists blocked cards across the boards a person may see, the longest blocked first; a wall screen sees its board', async () => {
    const first = await startedCard('Alpha');
    const second = await startedCard('Beta');
    const hidden = await startedCard('Hidden');
    const viewer = await signUp(server, 'Viewer');
    for (const board of [first, second]) {
      await server.access.addMember(principal(owner), board.boardId, viewer.user.email, 'viewer');
    }
    now += HOUR;
    await call('POST', `/api/cards/${second.cardId}/block`, { reason: 'Legal review', waste: 'inventory' });
    now += HOUR;
    await call('POST', `/api/cards/${first.cardId}/block`, { reason: 'Waiting for design' });
    await call('POST', `/api/cards/${hidden.cardId}/block`, { reason: 'Secret' });
    await call('PUT', `/api/cards/${first.cardId}/assignees`, { assignees: [owner.user.id] });

    const seen = (await call('GET', '/api/blocked', undefined, viewer)).body.blocked;
    expect(seen).toEqual([
      expect.objectContaining({ boardName: 'Beta', reason: 'Legal review', waste: 'inventory', columnName: 'Doing' }),
      expect.objectContaining({
        boardId: first.boardId,
        boardName: 'Alpha',
        cardId: first.cardId,
        title: 'Alpha card',
        columnId: first.doing,
        laneName: 'Standard',
        reason: 'Waiting for design',
        waste: 'waiting',
        blockedSince: new Date(now).toISOString(),
        blockedBy: { id: owner.user.id, name: 'Owner' },
        assignees: [{ id: owner.user.id, name: 'Owner' }],
      }),
    ]);
    const wall = (await server.access.createWallToken(principal(owner), second.boardId, 'Team TV')).token;
    const onWall = (await api(server, 'GET', '/api/blocked', { token: wall })).body.blocked;
    expect(onWall.map((b: { boardName: string }) => b.boardName)).toEqual(['Beta']);
    await call('POST', `/api/cards/${second.cardId}/unblock`);
    expect((await api(server, 'GET', '/api/blocked', { token: wall })).body.blocked).toEqual([]);
  });

  it('refuses a waste that is not one of the eight, and an empty reason, changing nothing', async () => {
    const { cardId } = await startedCard('Bad input');
    const bad = await call('POST', `/api/cards/${cardId}/block`, { reason: 'x', waste: 'laziness' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toHaveProperty('waste');
    const empty = await call('POST', `/api/cards/${cardId}/block`, { reason: '  ' });
    expect(empty.body.error.details.fields).toEqual({ reason: 'must not be empty' });
    const card = await call('POST', `/api/cards/${cardId}/unblock`);
    expect(card.body.card.blocked).toBeNull();
  });
});
