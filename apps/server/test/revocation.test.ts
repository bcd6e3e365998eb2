import { BoardReplica } from '@obeya/sync';
import { boardMembers } from '@obeya/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

/** Role changes, removals and revocations reach sockets that are already open. */
describe.each(storeKinds)('revocation on open sockets on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  let admin: TestUser;
  const clients: TestClient[] = [];
  const connect = async (...args: Parameters<typeof TestClient.connect>) => {
    const client = await TestClient.connect(...args);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    store = await createStore(kind);
    // No periodic re-check during these tests: what they see must come from the change itself.
    server = await startServer(store, 0, { gateway: { accessRecheckMs: 600_000 } });
    admin = await signUp(server, 'Admin');
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  async function boardWithMember(role: 'viewer' | 'member') {
    const boardId = await boardOf(server, admin, 'Shared');
    const person = await signUp(server, 'Person');
    await server.access.addMember(principal(admin), boardId, person.user.email, role);
    const column = (await server.boards.getBoard(boardId)).columns[0]!;
    return { boardId, person, column };
  }

  it('a connection that joins another board while its access is being re-checked keeps that board', async () => {
    const first = await boardOf(server, admin, 'First');
    const second = await boardOf(server, admin, 'Second');
    const client = await connect(server.url, first, admin);
    const told: Array<string | null> = [];
    client.socket.on('board:access', ({ role }) => told.push(role));
    let secondUpdates = 0;
    client.socket.on('board:synced', ({ boardId }) => (secondUpdates += boardId === second ? 1 : 0));
    // The join lands while the re-check of the first board waits for storage.
    const rolesOf = server.access.rolesOf.bind(server.access);
    let joined: Promise<unknown> | null = null;
    server.access.rolesOf = async (pairs) => {
      const roles = await rolesOf(pairs);
      joined ??= new BoardReplica().join((request) => client.socket.emitWithAck('board:join', request), second);
      await joined;
      return roles;
    };
    try {
      server.access.changed.emit('board', first);
      await waitFor(() => joined !== null, 'the re-check to ask storage');
      expect(await joined).toMatchObject({ ok: true });
    } finally {
      server.access.rolesOf = rolesOf;
    }
    const column = (await server.boards.getBoard(second)).columns[0]!;
    await server.boards.execute(
      second,
      'op-after-recheck',
      { type: 'card:create', title: 'Seen', columnId: column.id },
      admin.user,
    );
    await waitFor(() => secondUpdates === 1, 'the second board’s change to reach the connection');
    expect(told).toEqual([]);
  });

  it('a member demoted to viewer is told at once, and their next command is refused', async () => {
    const { boardId, person, column } = await boardWithMember('member');
    const client = await connect(server.url, boardId, person);
    expect((await client.command('card:create', { title: 'Allowed', columnId: column.id })).ok).toBe(true);

    const res = await api(server, 'PATCH', `/api/boards/${boardId}/members/${person.user.id}`, {
      cookie: admin.cookie,
      body: { role: 'viewer' },
    });
    expect(res.status).toBe(200);
    await waitFor(() => client.role === 'viewer', 'the role change to reach the socket');
    const refused = await client.command('card:create', { title: 'Refused', columnId: column.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await server.boards.getBoard(boardId)).cards.map((c) => c.title)).toEqual(['Allowed']);
  });

  it('a removed member stops receiving the board at once', async () => {
    const { boardId, person, column } = await boardWithMember('member');
    const removed = await connect(server.url, boardId, person);
    const stays = await connect(server.url, boardId, admin);
    const res = await api(server, 'DELETE', `/api/boards/${boardId}/members/${person.user.id}`, {
      cookie: admin.cookie,
    });
    expect(res.status).toBe(204);
    await waitFor(() => removed.role === null, 'the removal to reach the socket');

    expect((await stays.command('card:create', { title: 'After removal', columnId: column.id })).ok).toBe(true);
    await waitFor(() => stays.board().cards.length === 1, 'the admin to see the card');
    await new Promise((r) => setTimeout(r, 200));
    expect(removed.board().cards).toEqual([]);
    expect(removed.socket.connected).toBe(true);
  });

  it('a membership deleted elsewhere (another node, straight in the database) is caught within seconds', async () => {
    // A server of its own whose short re-check period stands in for "a few seconds".
    const otherStore = await createStore(kind);
    const other = await startServer(otherStore, 0, { gateway: { accessRecheckMs: 300 } });
    try {
      const owner = await signUp(other, 'Owner');
      const boardId = await boardOf(other, owner, 'Elsewhere');
      const person = await signUp(other, 'Person');
      await other.access.addMember(principal(owner), boardId, person.user.email, 'viewer');
      const client = await connect(other.url, boardId, person);
      await other.database.db
        .delete(boardMembers)
        .where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.userId, person.user.id)));
      await waitFor(() => client.role === null, 'the periodic re-check to remove the socket');
    } finally {
      clients.splice(0).forEach((c) => c.close());
      await other.close();
      await otherStore.drop();
    }
  });

  it('a revoked wall-screen token loses the board at once and cannot reconnect', async () => {
    const boardId = await boardOf(server, admin, 'Team area');
    const created = await api(server, 'POST', `/api/boards/${boardId}/wall-tokens`, {
      cookie: admin.cookie,
      body: { name: 'Corridor TV' },
    });
    expect(created.body.url).toBe(`/wall/${created.body.token}`);
    const wall = await connect(server.url, boardId, { token: created.body.token });
    expect(wall.presence.map((p) => p.name)).toContain('Corridor TV');

    expect(
      (await api(server, 'DELETE', `/api/wall-tokens/${created.body.wallToken.id}`, { cookie: admin.cookie })).status,
    ).toBe(204);
    await waitFor(
      () => wall.errors.includes('UNAUTHENTICATED') && !wall.socket.connected,
      'the wall screen to be cut off',
    );
    expect((await api(server, 'GET', '/api/me', { token: created.body.token })).status).toBe(401);
    await expect(TestClient.connect(server.url, boardId, { token: created.body.token })).rejects.toThrow(/not valid/);
  });

  it('signing out closes that session’s sockets; revoking a token closes the token’s', async () => {
    const boardId = await boardOf(server, admin, 'Mine');
    const person = await signUp(server, 'Leaving');
    await server.access.addMember(principal(admin), boardId, person.user.email, 'member');
    const bySession = await connect(server.url, boardId, { cookie: person.cookie, origin: server.url });
    const byToken = await connect(server.url, boardId, { token: person.token });

    await api(server, 'POST', '/api/auth/logout', { cookie: person.cookie });
    await waitFor(() => !bySession.socket.connected, 'the session socket to close');
    expect(byToken.socket.connected).toBe(true);

    const tokens = await server.accounts.listTokens(principal(person));
    await server.accounts.revokeToken(principal(person), tokens[0]!.id);
    await waitFor(() => !byToken.socket.connected, 'the token socket to close');
  });

  it('deleting a board takes everyone off it', async () => {
    const { boardId, person } = await boardWithMember('member');
    const client = await connect(server.url, boardId, person);
    const res = await api(server, 'DELETE', `/api/boards/${boardId}`, { cookie: admin.cookie });
    expect(res.status).toBe(204);
    await waitFor(() => client.role === null, 'the deletion to reach the socket');
    expect((await api(server, 'GET', `/api/boards/${boardId}`, { cookie: admin.cookie })).status).toBe(404);
  });

  it('a board keeps at least one admin', async () => {
    const boardId = await boardOf(server, admin, 'Solo');
    const res = await api(server, 'PATCH', `/api/boards/${boardId}/members/${admin.user.id}`, {
      cookie: admin.cookie,
      body: { role: 'member' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/at least one admin/);
    const leave = await api(server, 'DELETE', `/api/boards/${boardId}/members/${admin.user.id}`, {
      cookie: admin.cookie,
    });
    expect(leave.status).toBe(409);
    expect((await server.access.listMembers(principal(admin), boardId)).map((m) => m.role)).toEqual(['admin']);
  });
});
