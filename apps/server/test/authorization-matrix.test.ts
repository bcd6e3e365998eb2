import {
  commandRole,
  roleAllows,
  scopeKey,
  type BoardState,
  type Command,
  type CommandName,
  type Role,
} from '@obeya/domain';
import { PROTOCOL_VERSION, type CommandAck } from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  boardOf,
  createStore,
  principal,
  signUp,
  startServer,
  storeKinds,
  TestClient,
  type RunningServer,
  type Store,
  type TestUser,
  TEST_ACTOR,
} from './helpers.ts';

/**
 * Every REST route and every socket command, called by every kind of principal: each is allowed
 * or denied exactly as the roles say, and denied calls change nothing.
 */

type PrincipalName = 'anonymous' | 'wall' | 'viewer' | 'member' | 'otherBoardAdmin' | 'admin';
const principals: PrincipalName[] = ['anonymous', 'wall', 'viewer', 'member', 'otherBoardAdmin', 'admin'];

/** Role of each principal on the board under test. */
const roleOnBoard: Record<PrincipalName, Role | null> = {
  anonymous: null,
  wall: 'viewer',
  viewer: 'viewer',
  member: 'member',
  otherBoardAdmin: null,
  admin: 'admin',
};

/**
 * What a route needs: a role on the board (`usersOnly` excludes wall screens), any signed-in
 * person, any principal at all, or the instance admin (who is the board's admin here).
 */
type Need = { board: Role; usersOnly?: boolean } | { anyone: 'user' | 'principal' } | { instanceAdmin: true };

interface Fixture {
  boardId: string;
  /** A board the admin of another board runs; nobody else has a role on it. */
  otherBoardId: string;
  columnId: string;
  laneId: string;
  cardId: () => Promise<string>;
  /** A new card, blocked. */
  blockedCardId: () => Promise<string>;
  /** Two new adjacent columns in no group. */
  freshColumns: () => Promise<string[]>;
  /** A new column group over fresh columns, so allowed calls never run out of groups. */
  groupId: () => Promise<string>;
  memberId: string;
  /** Ids of the columns and groups the fixture made, and of the groups alone. */
  made: string[];
  madeGroups: string[];
  extraMemberId: () => Promise<string>;
  wallTokenId: () => Promise<string>;
  apiTokenId: (who: PrincipalName) => Promise<string>;
}

interface RouteCase {
  route: string;
  need: Need;
  /** Builds the request; may create what it acts on, so allowed calls never collide. */
  request: (f: Fixture, who: PrincipalName) => Promise<{ method: string; path: string; body?: unknown }>;
}

const routes: RouteCase[] = [
  { route: 'GET /api/me', need: { anyone: 'principal' }, request: async () => ({ method: 'GET', path: '/api/me' }) },
  {
    route: 'GET /api/boards',
    need: { anyone: 'principal' },
    request: async () => ({ method: 'GET', path: '/api/boards' }),
  },
  {
    route: 'POST /api/boards',
    need: { anyone: 'user' },
    request: async () => ({ method: 'POST', path: '/api/boards', body: { name: 'New' } }),
  },
  {
    route: 'GET /api/boards/:boardId',
    need: { board: 'viewer' },
    request: async (f) => ({ method: 'GET', path: `/api/boards/${f.boardId}` }),
  },
  {
    route: 'GET /api/boards/:boardId/flow-log',
    need: { board: 'viewer' },
    request: async (f) => ({ method: 'GET', path: `/api/boards/${f.boardId}/flow-log` }),
  },
  {
    route: 'GET /api/boards/:boardId/metrics',
    need: { board: 'viewer' },
    request: async (f) => ({ method: 'GET', path: `/api/boards/${f.boardId}/metrics` }),
  },
  {
    route: 'GET /api/boards/:boardId/analytics',
    need: { board: 'viewer' },
    request: async (f) => ({ method: 'GET', path: `/api/boards/${f.boardId}/analytics` }),
  },
  {
    route: 'PATCH /api/boards/:boardId',
    need: { board: 'admin' },
    request: async (f) => ({ method: 'PATCH', path: `/api/boards/${f.boardId}`, body: { name: 'Renamed' } }),
  },
  {
    route: 'POST /api/boards/:boardId/columns',
    need: { board: 'admin' },
    request: async (f) => ({ method: 'POST', path: `/api/boards/${f.boardId}/columns`, body: { name: 'Extra' } }),
  },
  {
    route: 'PATCH /api/columns/:columnId',
    need: { board: 'admin' },
    request: async (f) => ({ method: 'PATCH', path: `/api/columns/${f.columnId}`, body: { kind: 'queue' } }),
  },
  {
    route: 'PUT /api/boards/:boardId/limits',
    need: { board: 'admin' },
    request: async (f) => ({
      method: 'PUT',
      path: `/api/boards/${f.boardId}/limits`,
      body: { scope: { kind: 'lane', laneId: f.laneId }, max: 99 },
    }),
  },
  {
    route: 'POST /api/boards/:boardId/groups',
    need: { board: 'admin' },
    request: async (f) => ({
      method: 'POST',
      path: `/api/boards/${f.boardId}/groups`,
      body: { name: 'Development', columnIds: await f.freshColumns() },
    }),
  },
  {
    route: 'PATCH /api/boards/:boardId/groups/:groupId',
    need: { board: 'admin' },
    request: async (f) => ({
      method: 'PATCH',
      path: `/api/boards/${f.boardId}/groups/${await f.groupId()}`,
      body: { name: 'Renamed group' },
    }),
  },
  {
    route: 'DELETE /api/boards/:boardId/groups/:groupId',
    need: { board: 'admin' },
    request: async (f) => ({ method: 'DELETE', path: `/api/boards/${f.boardId}/groups/${await f.groupId()}` }),
  },
  {
    route: 'POST /api/boards/:boardId/lanes',
    need: { board: 'admin' },
    request: async (f) => ({ method: 'POST', path: `/api/boards/${f.boardId}/lanes`, body: { name: 'Expedite' } }),
  },
  {
    route: 'PATCH /api/lanes/:laneId',
    need: { board: 'admin' },
    request: async (f) => ({ method: 'PATCH', path: `/api/lanes/${f.laneId}`, body: { name: 'Standard' } }),
  },
  {
    route: 'POST /api/boards/:boardId/cards',
    need: { board: 'member' },
    request: async (f) => ({
      method: 'POST',
      path: `/api/boards/${f.boardId}/cards`,
      body: { title: 'Intruder', columnId: f.columnId },
    }),
  },
  {
    route: 'PATCH /api/cards/:cardId',
    need: { board: 'member' },
    request: async (f) => ({ method: 'PATCH', path: `/api/cards/${await f.cardId()}`, body: { title: 'Changed' } }),
  },
  {
    route: 'POST /api/cards/:cardId/move',
    need: { board: 'member' },
    request: async (f) => ({
      method: 'POST',
      path: `/api/cards/${await f.cardId()}/move`,
      body: { toColumnId: f.columnId },
    }),
  },
  {
    route: 'POST /api/cards/:cardId/block',
    need: { board: 'member' },
    request: async (f) => ({
      method: 'POST',
      path: `/api/cards/${await f.cardId()}/block`,
      body: { reason: 'Waiting for the vendor' },
    }),
  },
  {
    route: 'POST /api/cards/:cardId/unblock',
    need: { board: 'member' },
    request: async (f) => ({ method: 'POST', path: `/api/cards/${await f.blockedCardId()}/unblock` }),
  },
  {
    route: 'GET /api/cards/:cardId/activity',
    need: { board: 'viewer' },
    request: async (f) => ({ method: 'GET', path: `/api/cards/${await f.cardId()}/activity` }),
  },
  {
    route: 'GET /api/cards/:cardId/content',
    need: { board: 'viewer' },
    request: async (f) => ({ method: 'GET', path: `/api/cards/${await f.cardId()}/content` }),
  },
  {
    route: 'POST /api/cards/:cardId/comments',
    need: { board: 'member' },
    request: async (f) => ({
      method: 'POST',
      path: `/api/cards/${await f.cardId()}/comments`,
      body: { body: 'A remark' },
    }),
  },
  {
    route: 'GET /api/blocked',
    need: { anyone: 'principal' },
    request: async () => ({ method: 'GET', path: '/api/blocked' }),
  },
  {
    route: 'GET /api/boards/:boardId/blocker-reasons',
    need: { board: 'viewer' },
    request: async (f) => ({ method: 'GET', path: `/api/boards/${f.boardId}/blocker-reasons` }),
  },
  {
    route: 'PUT /api/cards/:cardId/assignees',
    need: { board: 'member' },
    request: async (f) => ({
      method: 'PUT',
      path: `/api/cards/${await f.cardId()}/assignees`,
      body: { assignees: [f.memberId] },
    }),
  },
  {
    route: 'POST /api/cards/:cardId/archive',
    need: { board: 'member' },
    request: async (f) => ({ method: 'POST', path: `/api/cards/${await f.cardId()}/archive` }),
  },
  {
    route: 'GET /api/boards/:boardId/members',
    need: { board: 'viewer', usersOnly: true },
    request: async (f) => ({ method: 'GET', path: `/api/boards/${f.boardId}/members` }),
  },
  {
    route: 'POST /api/boards/:boardId/members',
    need: { board: 'admin' },
    request: async (f) => ({
      method: 'POST',
      path: `/api/boards/${f.boardId}/members`,
      body: { email: 'nobody-here@example.test', role: 'viewer' },
    }),
  },
  {
    route: 'PATCH /api/boards/:boardId/members/:userId',
    need: { board: 'admin' },
    request: async (f) => ({
      method: 'PATCH',
      path: `/api/boards/${f.boardId}/members/${await f.extraMemberId()}`,
      body: { role: 'admin' },
    }),
  },
  {
    route: 'DELETE /api/boards/:boardId/members/:userId',
    need: { board: 'admin' },
    request: async (f) => ({
      method: 'DELETE',
      path: `/api/boards/${f.boardId}/members/${await f.extraMemberId()}`,
    }),
  },
  {
    route: 'GET /api/boards/:boardId/wall-tokens',
    need: { board: 'admin' },
    request: async (f) => ({ method: 'GET', path: `/api/boards/${f.boardId}/wall-tokens` }),
  },
  {
    route: 'POST /api/boards/:boardId/wall-tokens',
    need: { board: 'admin' },
    request: async (f) => ({ method: 'POST', path: `/api/boards/${f.boardId}/wall-tokens`, body: { name: 'TV' } }),
  },
  {
    route: 'DELETE /api/wall-tokens/:tokenId',
    need: { board: 'admin' },
    request: async (f) => ({ method: 'DELETE', path: `/api/wall-tokens/${await f.wallTokenId()}` }),
  },
  { route: 'GET /api/tokens', need: { anyone: 'user' }, request: async () => ({ method: 'GET', path: '/api/tokens' }) },
  {
    route: 'POST /api/tokens',
    need: { anyone: 'user' },
    request: async () => ({ method: 'POST', path: '/api/tokens', body: { name: 'script' } }),
  },
  {
    route: 'DELETE /api/tokens/:tokenId',
    need: { anyone: 'user' },
    request: async (f, who) => ({ method: 'DELETE', path: `/api/tokens/${await f.apiTokenId(who)}` }),
  },
  {
    route: 'PATCH /api/instance',
    need: { instanceAdmin: true },
    request: async () => ({ method: 'PATCH', path: '/api/instance', body: { signupMode: 'open' } }),
  },
  {
    route: 'POST /api/invitations',
    need: { instanceAdmin: true },
    request: async () => ({ method: 'POST', path: '/api/invitations', body: { email: 'new@example.test' } }),
  },
  {
    // Last: it removes the board under test.
    route: 'DELETE /api/boards/:boardId',
    need: { board: 'admin' },
    request: async (f) => ({ method: 'DELETE', path: `/api/boards/${f.boardId}` }),
  },
];

/** The status a principal must get: 2xx when allowed, else exactly this code. */
function expected(who: PrincipalName, need: Need): 'ok' | number {
  if (who === 'anonymous') return 401;
  if ('anyone' in need) return need.anyone === 'principal' || who !== 'wall' ? 'ok' : 403;
  if ('instanceAdmin' in need) return who === 'admin' ? 'ok' : 403;
  const role = roleOnBoard[who];
  if (role === null) return 404;
  if (need.usersOnly && who === 'wall') return 403;
  return roleAllows(role, need.board) ? 'ok' : 403;
}

type People = Record<Exclude<PrincipalName, 'anonymous' | 'wall'>, TestUser>;

/**
 * The cast of the matrix: the first to sign up (the instance admin) runs the board under test,
 * with a member, a viewer and a wall screen; another person runs a board of their own.
 */
async function setUpMatrix(server: RunningServer): Promise<{ people: People; wallToken: string; fixture: Fixture }> {
  const people = {} as People;
  people.admin = await signUp(server, 'Admin');
  people.member = await signUp(server, 'Member');
  people.viewer = await signUp(server, 'Viewer');
  people.otherBoardAdmin = await signUp(server, 'Other');
  const boardId = await boardOf(server, people.admin, 'Under test');
  const otherBoardId = await boardOf(server, people.otherBoardAdmin, 'Elsewhere');
  const admin = principal(people.admin);
  await server.access.addMember(admin, boardId, people.member.user.email, 'member');
  await server.access.addMember(admin, boardId, people.viewer.user.email, 'viewer');
  const wallToken = (await server.access.createWallToken(admin, boardId, 'Team TV')).token;
  // Limits are not what this test is about: the target column has none, so moves always fit.
  const board = await server.boards.getBoard(boardId);
  const source = board.columns[0]!.id;
  const unlimited = board.columns.filter(
    (c) => c.id !== source && !board.limits.some((l) => scopeKey(l.scope) === `column:${c.id}`),
  );
  const made: string[] = [];
  const madeGroups: string[] = [];
  const created = async (command: Command) => {
    const ack = await server.boards.execute(boardId, randomUUID(), command, TEST_ACTOR);
    if (!ack.ok) throw new Error(ack.error.message);
    made.push(ack.createdId ?? '');
    return ack.createdId ?? '';
  };
  const freshColumns = async () => [
    await created({ type: 'column:create', name: 'Left', kind: 'queue', wipLimit: null }),
    await created({ type: 'column:create', name: 'Right', kind: 'queue', wipLimit: null }),
  ];
  const fixture: Fixture = {
    boardId,
    otherBoardId,
    columnId: unlimited[0]!.id,
    laneId: board.lanes[0]!.id,
    cardId: async () => created({ type: 'card:create', title: 'Target', columnId: source }),
    blockedCardId: async () => {
      const cardId = await created({ type: 'card:create', title: 'Target', columnId: source });
      await created({ type: 'card:block', cardId, reason: 'Target blocked', waste: 'waiting' });
      return cardId;
    },
    freshColumns,
    groupId: async () => {
      const id = await created({ type: 'group:create', name: 'Group', columnIds: await freshColumns() });
      madeGroups.push(id);
      return id;
    },
    memberId: people.member.user.id,
    made,
    madeGroups,
    extraMemberId: async () => {
      const extra = await signUp(server, 'Extra');
      await server.access.addMember(admin, boardId, extra.user.email, 'viewer');
      return extra.user.id;
    },
    wallTokenId: async () => (await server.access.createWallToken(admin, boardId, 'Spare TV')).wallToken.id,
    apiTokenId: async (who) => {
      const owner = who === 'anonymous' || who === 'wall' ? people.admin : people[who];
      return (await server.accounts.createToken(principal(owner), 'spare')).token.id;
    },
  };
  return { people, wallToken, fixture };
}

const commands: Array<{
  name: CommandName;
  fields: (f: Fixture) => Promise<Record<string, unknown>>;
}> = [
  { name: 'board:update', fields: async () => ({ name: 'Renamed' }) },
  { name: 'column:create', fields: async () => ({ name: 'Extra' }) },
  { name: 'column:update', fields: async (f) => ({ columnId: f.columnId, kind: 'queue' }) },
  {
    name: 'limit:set',
    fields: async (f) => ({ scope: { kind: 'lane', laneId: f.laneId }, max: 98, mode: 'soft' }),
  },
  { name: 'group:create', fields: async (f) => ({ name: 'Development', columnIds: await f.freshColumns() }) },
  { name: 'group:update', fields: async (f) => ({ groupId: await f.groupId(), name: 'Renamed group' }) },
  { name: 'group:delete', fields: async (f) => ({ groupId: await f.groupId() }) },
  { name: 'lane:create', fields: async () => ({ name: 'Expedite' }) },
  { name: 'lane:update', fields: async (f) => ({ laneId: f.laneId, name: 'Renamed lane' }) },
  { name: 'card:create', fields: async (f) => ({ title: 'Intruder', columnId: f.columnId }) },
  { name: 'card:update', fields: async (f) => ({ cardId: await f.cardId(), title: 'Changed' }) },
  { name: 'card:move', fields: async (f) => ({ cardId: await f.cardId(), toColumnId: f.columnId }) },
  { name: 'card:assign', fields: async (f) => ({ cardId: await f.cardId(), assignees: [f.memberId] }) },
  { name: 'card:archive', fields: async (f) => ({ cardId: await f.cardId() }) },
  { name: 'card:block', fields: async (f) => ({ cardId: await f.cardId(), reason: 'Vendor', waste: 'waiting' }) },
  { name: 'card:unblock', fields: async (f) => ({ cardId: await f.blockedCardId() }) },
];

describe.each(storeKinds)('authorisation matrix on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  let people: People;
  let wallToken = '';
  let fixture: Fixture;

  const credentials = (who: PrincipalName) =>
    who === 'anonymous' ? {} : who === 'wall' ? { token: wallToken } : { cookie: people[who].cookie };

  /** Everything a denied call could have changed. */
  async function snapshot() {
    const admin = principal(people.admin);
    const [board, members, walls, boards, tokens, settings] = await Promise.all([
      server.boards.getBoard(fixture.boardId),
      server.access.listMembers(admin, fixture.boardId),
      server.access.listWallTokens(admin, fixture.boardId),
      server.boards.listBoards(),
      Promise.all(
        (['viewer', 'member', 'otherBoardAdmin', 'admin'] as const).map((p) =>
          server.accounts.listTokens(principal(people[p])),
        ),
      ),
      server.accounts.instance(),
    ]);
    return { board, members, walls, boards, tokens, settings };
  }

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store);
    ({ people, wallToken, fixture } = await setUpMatrix(server));
  });
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  it('covers every API route the server has, except the public ones', () => {
    const publicRoutes = [
      'GET /api/health',
      'GET /api/instance',
      'POST /api/auth/signup',
      'POST /api/auth/login',
      'POST /api/auth/logout',
    ];
    const covered = routes.map((r) => r.route);
    expect(server.apiRoutes.filter((r) => !publicRoutes.includes(r)).sort()).toEqual([...covered].sort());
  });

  it('a connection without a session or token is refused at the handshake', async () => {
    const socket = io(server.url, {
      auth: { protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: false,
    });
    const refused = await new Promise<string>((resolve) => socket.on('connect_error', (err) => resolve(err.message)));
    socket.close();
    expect(refused).toBe('Sign in first.');
    const forged = io(server.url, {
      auth: { protocol: PROTOCOL_VERSION, token: 'obw_forged-token-that-does-not-exist' },
      transports: ['websocket'],
      reconnection: false,
    });
    const refusedToken = await new Promise<string>((resolve) =>
      forged.on('connect_error', (err) => resolve(err.message)),
    );
    forged.close();
    expect(refusedToken).toMatch(/not valid/);
  });

  it('joining needs a role on the board: another board’s admin cannot read it', async () => {
    await expect(TestClient.connect(server.url, fixture.boardId, people.otherBoardAdmin)).rejects.toThrow(
      /BOARD_NOT_FOUND/,
    );
    for (const who of ['viewer', 'member', 'admin'] as const) {
      const client = await TestClient.connect(server.url, fixture.boardId, people[who]);
      expect(client.role).toBe(roleOnBoard[who]);
      client.close();
    }
    // A wall screen shows its own board and no other.
    await expect(TestClient.connect(server.url, fixture.otherBoardId, { token: wallToken })).rejects.toThrow(
      /BOARD_NOT_FOUND/,
    );
    expect((await api(server, 'GET', `/api/boards/${fixture.otherBoardId}`, { token: wallToken })).status).toBe(404);
    const wall = await TestClient.connect(server.url, fixture.boardId, { token: wallToken });
    expect(wall.role).toBe('viewer');
    expect(wall.board().name).toBe('Under test');
    wall.close();
  });

  it('every command is allowed or denied by role; denied commands change nothing', async () => {
    const sockets = {
      wall: new TestClient(server.url, fixture.boardId, { token: wallToken }),
      viewer: new TestClient(server.url, fixture.boardId, people.viewer),
      member: new TestClient(server.url, fixture.boardId, people.member),
      otherBoardAdmin: new TestClient(server.url, fixture.boardId, people.otherBoardAdmin),
      admin: new TestClient(server.url, fixture.boardId, people.admin),
    };
    try {
      const wrong: string[] = [];
      for (const allowedPass of [false, true]) {
        const before = await server.boards.getBoard(fixture.boardId);
        for (const { name, fields } of commands) {
          for (const [who, client] of Object.entries(sockets) as Array<[PrincipalName, TestClient]>) {
            const role = roleOnBoard[who];
            const allowed = who !== 'wall' && roleAllows(role, commandRole[name]);
            if (allowed !== allowedPass) continue;
            const ack: CommandAck = await client.command(name, (await fields(fixture)) as never);
            const want = allowed ? 'ok' : role === null ? 'BOARD_NOT_FOUND' : 'FORBIDDEN';
            const got = ack.ok ? 'ok' : ack.error.code;
            if (got !== want) wrong.push(`${who} ${name}: got ${got}, want ${want}`);
          }
        }
        if (!allowedPass) {
          // (The denied pass runs first, so every group made so far was made for a denied call.)
          const after = await server.boards.getBoard(fixture.boardId);
          // What the fixture made for the calls (targets, columns, groups) aside, nothing changed.
          const made = new Set(fixture.made);
          const aside = (board: BoardState) => ({
            ...board,
            cards: board.cards.filter((c) => c.title !== 'Target'),
            columns: board.columns.filter((c) => !made.has(c.id)),
            groups: board.groups.filter((g) => !made.has(g.id)),
          });
          expect(aside(after)).toEqual(aside(before));
          // Denied blocks and unblocks left the targets as the fixture made them.
          const targets = after.cards.filter((c) => c.title === 'Target');
          expect(targets.every((c) => c.blocked === null || c.blocked.reason === 'Target blocked')).toBe(true);
          expect(targets.some((c) => c.blocked?.reason === 'Target blocked')).toBe(true);
          // Denied renames and deletes of the groups made for them left those groups as they were.
          const names = fixture.madeGroups.map((id) => after.groups.find((g) => g.id === id)?.name);
          expect(names.every((name) => name === 'Group')).toBe(true);
          expect(after.cards.filter((c) => c.title === 'Target').every((c) => c.columnId !== fixture.columnId)).toBe(
            true,
          );
        }
      }
      expect(wrong).toEqual([]);
    } finally {
      Object.values(sockets).forEach((c) => c.close());
    }
  });

  it('every REST route denies exactly the principals the roles exclude, and denied calls change nothing', async () => {
    const denied: string[] = [];
    const before = await snapshot();
    const groupsBefore = fixture.madeGroups.length;
    for (const route of routes) {
      for (const who of principals) {
        const want = expected(who, route.need);
        if (want === 'ok') continue;
        // Targets are created before the snapshot's comparison, so only the call itself is judged.
        const request = await route.request(fixture, who);
        const res = await api(server, request.method, request.path, { body: request.body, ...credentials(who) });
        if (res.status !== want) denied.push(`${who} ${route.route}: got ${res.status}, want ${want}`);
        expect(res.body.error.code).toMatch(/^(UNAUTHENTICATED|FORBIDDEN|BOARD_NOT_FOUND)$/);
      }
    }
    expect(denied).toEqual([]);
    const after = await snapshot();
    // Targets made for the calls (cards, members, tokens) are in `after`; everything else is equal.
    expect(after.board.name).toBe(before.board.name);
    const made = new Set(fixture.made);
    const original = <T extends { id: string }>(list: T[]) => list.filter((x) => !made.has(x.id));
    expect(original(after.board.columns)).toEqual(original(before.board.columns));
    expect(after.board.lanes).toEqual(before.board.lanes);
    expect(after.board.limits).toEqual(before.board.limits);
    expect(original(after.board.groups)).toEqual(original(before.board.groups));
    const groupsMade = fixture.madeGroups.slice(groupsBefore);
    expect(groupsMade.every((id) => after.board.groups.find((g) => g.id === id)?.name === 'Group')).toBe(true);
    const existed = new Set(before.board.cards.map((c) => c.id));
    expect(after.board.cards.filter((c) => existed.has(c.id))).toEqual(before.board.cards);
    const added = after.board.cards.filter((c) => !existed.has(c.id));
    expect(
      added.every(
        (c) =>
          c.title === 'Target' &&
          c.columnId === before.board.columns[0]!.id &&
          c.assignees.length === 0 &&
          (c.blocked === null || c.blocked.reason === 'Target blocked'),
      ),
    ).toBe(true);
    expect(after.members.filter((m) => m.name !== 'Extra')).toEqual(before.members);
    expect(after.members.filter((m) => m.name === 'Extra').every((m) => m.role === 'viewer')).toBe(true);
    expect(after.walls.filter((w) => w.name !== 'Spare TV')).toEqual(before.walls);
    expect(after.boards).toEqual(before.boards);
    expect(after.settings).toEqual(before.settings);
    for (const [i, list] of after.tokens.entries()) {
      expect(list.filter((t) => t.name !== 'spare').map((t) => t.id)).toEqual(before.tokens[i]!.map((t) => t.id));
    }
  });

  it('every REST route allows the principals the roles include', async () => {
    const refused: string[] = [];
    for (const route of routes) {
      for (const who of principals) {
        if (expected(who, route.need) !== 'ok') continue;
        const request = await route.request(fixture, who);
        const res = await api(server, request.method, request.path, { body: request.body, ...credentials(who) });
        // Adding an unknown email is allowed but answers 404 for the email, not for the board.
        const ok =
          res.status < 300 || (route.route === 'POST /api/boards/:boardId/members' && res.body.error.details?.email);
        if (!ok) refused.push(`${who} ${route.route}: got ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
