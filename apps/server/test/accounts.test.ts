import { PROTOCOL_VERSION } from '@obeya/sync';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAuthPolicy } from '../src/services/account-service.ts';
import { DEMO_BOARD_NAME } from '../src/services/seed.ts';
import {
  api,
  boardOf,
  createStore,
  PASSWORD,
  signUp,
  startServer,
  storeKinds,
  TestClient,
  type RunningServer,
  type Store,
} from './helpers.ts';

const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe.each(storeKinds)('accounts and sessions on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  // A clock the test moves forward, to let throttles and sessions expire.
  let now = Date.parse('2026-11-21T09:00:00Z');

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store, 0, { seedDemo: true, clock: { now: () => new Date(now) } });
  });
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  it('the first person to sign up runs the instance and owns the demo board; the next one starts with nothing', async () => {
    expect((await api(server, 'GET', '/api/instance')).body).toEqual({ signupMode: 'open', hasUsers: false });
    const first = await signUp(server, 'Ada');
    expect(first.user.isAdmin).toBe(true);
    const boards = await api(server, 'GET', '/api/boards', { cookie: first.cookie });
    expect(boards.body.boards).toEqual([expect.objectContaining({ name: DEMO_BOARD_NAME, role: 'admin' })]);

    const second = await signUp(server, 'Ben');
    expect(second.user.isAdmin).toBe(false);
    expect((await api(server, 'GET', '/api/boards', { cookie: second.cookie })).body.boards).toEqual([]);
    expect((await api(server, 'GET', '/api/instance')).body.hasUsers).toBe(true);
  });

  it('the session lives in an httpOnly, SameSite cookie; sign-out ends it on the server', async () => {
    const email = `carla-${Date.now()}@example.test`;
    const signup = await api(server, 'POST', '/api/auth/signup', {
      body: { email, password: PASSWORD, name: 'Carla' },
    });
    expect(signup.status).toBe(201);
    const setCookie = signup.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^obeya_session=obs_[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(signup.body.user).toEqual({ id: expect.any(String), email, name: 'Carla', isAdmin: false });
    expect(JSON.stringify(signup.body)).not.toMatch(/password|hash/i);

    const cookie = cookieOf(signup);
    expect((await api(server, 'GET', '/api/me', { cookie })).body).toEqual({ user: signup.body.user });
    expect((await api(server, 'POST', '/api/auth/logout', { cookie })).status).toBe(204);
    // The old cookie is dead even if a client keeps sending it.
    expect((await api(server, 'GET', '/api/me', { cookie })).status).toBe(401);

    const login = await api(server, 'POST', '/api/auth/login', {
      body: { email: email.toUpperCase(), password: PASSWORD },
    });
    expect(login.status).toBe(200);
    expect((await api(server, 'GET', '/api/me', { cookie: cookieOf(login) })).body.user.email).toBe(email);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const dana = await signUp(server, 'Dana');
    const wrong = await api(server, 'POST', '/api/auth/login', {
      body: { email: dana.user.email, password: 'not the password' },
    });
    const unknown = await api(server, 'POST', '/api/auth/login', {
      body: { email: 'nobody@example.test', password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Wrong email or password.' });
  });

  it('enforces password rules and unique emails with messages a person can act on', async () => {
    const email = `erin-${Date.now()}@example.test`;
    const cases: Array<[string, RegExp]> = [
      ['short', /at least 10 characters/],
      ['password123', /most common passwords/],
      ['aaaaabbbbbaaaaa', /repeats the same characters/],
      [email, /must not be your email/],
    ];
    for (const [password, message] of cases) {
      const res = await api(server, 'POST', '/api/auth/signup', { body: { email, password, name: 'Erin' } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_PAYLOAD');
      expect(res.body.error.message).toMatch(message);
      // Forms show each problem next to its field.
      expect(res.body.error.details.fields.password).toMatch(message);
    }
    const bad = await api(server, 'POST', '/api/auth/signup', {
      body: { email: 'not-an-email', password: PASSWORD, name: '' },
    });
    expect(bad.body.error.message).toMatch(/email: must be an email address/);
    expect(bad.body.error.message).toMatch(/name: must not be empty/);
    expect(bad.body.error.details.fields).toEqual({ email: 'must be an email address', name: 'must not be empty' });

    expect(
      (await api(server, 'POST', '/api/auth/signup', { body: { email, password: PASSWORD, name: 'Erin' } })).status,
    ).toBe(201);
    const again = await api(server, 'POST', '/api/auth/signup', {
      body: { email, password: PASSWORD, name: 'Erin 2' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('behind a trusted balancer, sign-up limits count per person’s address; otherwise per connection', async () => {
    const policy = {
      ...defaultAuthPolicy,
      signupPerAddress: { limit: 1, windowMs: 60_000, pauseMs: 60_000, maxPauseMs: 60_000 },
    };
    const signUpFrom = (node: RunningServer, address: string, name: string) =>
      api(node, 'POST', '/api/auth/signup', {
        headers: { 'x-forwarded-for': address },
        body: { email: `${name}-${Date.now()}@example.test`, password: PASSWORD, name },
      });
    const behind = await startServer(store, 0, { authPolicy: policy, trustProxy: ['127.0.0.1'] });
    const direct = await startServer(store, 0, { authPolicy: policy });
    try {
      expect((await signUpFrom(behind, '203.0.113.1', 'ann')).status).toBe(201);
      expect((await signUpFrom(behind, '203.0.113.1', 'ann-again')).status).toBe(429);
      expect((await signUpFrom(behind, '203.0.113.2', 'bob')).status).toBe(201);
      // Not trusted: the header is anyone's to write, and the limit stays on the connection's address.
      expect((await signUpFrom(direct, '203.0.113.3', 'cleo')).status).toBe(201);
      expect((await signUpFrom(direct, '203.0.113.4', 'dan')).status).toBe(429);
    } finally {
      await Promise.all([behind.close(), direct.close()]);
    }
  });

  it('throttles repeated wrong passwords per account, without locking out anyone else', async () => {
    const victim = await signUp(server, 'Victim');
    const bystander = await signUp(server, 'Bystander');
    const attempt = (email: string, password: string) =>
      api(server, 'POST', '/api/auth/login', { body: { email, password } });
    for (let i = 0; i < 5; i++) expect((await attempt(victim.user.email, `guess number ${i}`)).status).toBe(401);
    // Now even the right password waits: the attacker cannot tell a hit from a miss.
    const blocked = await attempt(victim.user.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt(bystander.user.email, PASSWORD)).status).toBe(200);

    now += Number(blocked.headers.get('retry-after')) * 1000 + 1;
    expect((await attempt(victim.user.email, PASSWORD)).status).toBe(200);
  });

  it('invitation only: the admin switches it on; sign-up then needs an unused invitation for that email', async () => {
    const admin = await api(server, 'POST', '/api/auth/login', {
      body: { email: (await firstAdminEmail()) ?? '', password: PASSWORD },
    });
    const cookie = cookieOf(admin);
    const someone = await signUp(server, 'Someone');
    expect(
      (await api(server, 'PATCH', '/api/instance', { cookie: someone.cookie, body: { signupMode: 'invitation' } }))
        .status,
    ).toBe(403);
    expect((await api(server, 'PATCH', '/api/instance', { cookie, body: { signupMode: 'invitation' } })).body).toEqual({
      signupMode: 'invitation',
      hasUsers: true,
    });
    const email = `invited-${Date.now()}@example.test`;
    const uninvited = await api(server, 'POST', '/api/auth/signup', {
      body: { email, password: PASSWORD, name: 'Ivy' },
    });
    expect(uninvited.status).toBe(403);
    expect(uninvited.body.error.message).toMatch(/invitation only/);

    const invitation = await api(server, 'POST', '/api/invitations', { cookie, body: { email } });
    expect(invitation.status).toBe(201);
    const code = new URL(invitation.body.url, server.url).searchParams.get('invitation') ?? '';
    const otherEmail = await api(server, 'POST', '/api/auth/signup', {
      body: { email: `x-${email}`, password: PASSWORD, name: 'Ivy', invitation: code },
    });
    expect(otherEmail.status).toBe(403);
    const invited = await api(server, 'POST', '/api/auth/signup', {
      body: { email, password: PASSWORD, name: 'Ivy', invitation: code },
    });
    expect(invited.status).toBe(201);
    const reused = await api(server, 'POST', '/api/auth/signup', {
      body: { email: `y-${email}`, password: PASSWORD, name: 'Ivy', invitation: code },
    });
    expect(reused.status).toBe(403);
    await api(server, 'PATCH', '/api/instance', { cookie, body: { signupMode: 'open' } });
  });

  it('personal access tokens: shown once, stored hashed, usable as Bearer, dead once revoked', async () => {
    const fay = await signUp(server, 'Fay');
    const created = await api(server, 'POST', '/api/tokens', { cookie: fay.cookie, body: { name: 'CI script' } });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^obp_/);
    const list = await api(server, 'GET', '/api/tokens', { cookie: fay.cookie });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.tokens.map((t: { name: string }) => t.name)).toContain('CI script');
    const stored = JSON.stringify(await server.database.db.select().from((await import('@obeya/db')).apiTokens));
    expect(stored).not.toContain(secret);

    const boardId = await boardOf(server, fay, 'Fay board');
    const viaToken = await api(server, 'GET', `/api/boards/${boardId}`, { token: secret });
    expect(viaToken.status).toBe(200);
    expect(viaToken.body.role).toBe('admin');
    expect((await api(server, 'DELETE', `/api/tokens/${created.body.token.id}`, { cookie: fay.cookie })).status).toBe(
      204,
    );
    const revoked = await api(server, 'GET', `/api/boards/${boardId}`, { token: secret });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses cookie-authenticated writes from another site, over REST and socket.io', async () => {
    const gil = await signUp(server, 'Gil');
    const evil = { origin: 'https://evil.example' };
    const forged = await api(server, 'POST', '/api/boards', {
      cookie: gil.cookie,
      body: { name: 'Forged' },
      headers: evil,
    });
    expect(forged.status).toBe(403);
    const crossSite = await api(server, 'POST', '/api/boards', {
      cookie: gil.cookie,
      body: { name: 'Forged' },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect((await api(server, 'GET', '/api/boards', { cookie: gil.cookie })).body.boards).toEqual([]);
    // A token is no ambient credential: a script may send it from anywhere.
    expect(
      (await api(server, 'POST', '/api/boards', { token: gil.token, body: { name: 'Mine' }, headers: evil })).status,
    ).toBe(201);

    const boardId = await boardOf(server, gil, 'Gil board');
    await expect(
      TestClient.connect(server.url, boardId, { cookie: gil.cookie, origin: 'https://evil.example' }),
    ).rejects.toThrow(/Cross-site/);
    const own = await TestClient.connect(server.url, boardId, { cookie: gil.cookie, origin: server.url });
    expect(own.role).toBe('admin');
    own.close();
  });

  it('sends security headers with pages and API answers', async () => {
    for (const path of ['/api/health', '/api/instance']) {
      const res = await api(server, 'GET', path);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  async function firstAdminEmail(): Promise<string | undefined> {
    const { users } = await import('@obeya/db');
    const rows = await server.database.db.select().from(users);
    return rows.find((u) => u.isAdmin)?.email;
  }
});

describe('a socket from an out-of-date page', () => {
  it('is told to reload', async () => {
    const store = await createStore('pglite');
    const server = await startServer(store);
    try {
      const old = io(server.url, {
        auth: { protocol: PROTOCOL_VERSION - 1 },
        transports: ['websocket'],
        reconnection: false,
      });
      const message = await new Promise<string>((resolve) => old.on('connect_error', (err) => resolve(err.message)));
      old.close();
      expect(message).toMatch(/reload/);
    } finally {
      await server.close();
      await store.drop();
    }
  });
});
