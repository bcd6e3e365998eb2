import { LoginBodySchema, SignupBodySchema, type Me } from '@obeya/sync';
import type { FastifyInstance } from 'fastify';
import { clearSessionCookie, principalOf, SESSION_COOKIE, setSessionCookie } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';
import { parse } from './command-route.ts';

/** Sign up, sign in, sign out, and who am I. */
export function authRoutes(app: FastifyInstance, { accounts }: Services, sessionTtlMs: number): void {
  app.post('/api/auth/signup', async (req, reply) => {
    const body = parse(SignupBodySchema, req.body, 'account');
    const { user, session } = await accounts.signup(body, req.ip);
    setSessionCookie(req, reply, session, sessionTtlMs);
    return reply.code(201).send({ user });
  });

  app.post('/api/auth/login', async (req, reply) => {
    const body = parse(LoginBodySchema, req.body, 'sign-in');
    const { user, session } = await accounts.login(body, req.ip);
    setSessionCookie(req, reply, session, sessionTtlMs);
    return { user };
  });

  app.post('/api/auth/logout', async (req, reply) => {
    const session = req.cookies[SESSION_COOKIE];
    if (session) await accounts.logout(session);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.get('/api/me', async (req): Promise<Me> => {
    const principal = principalOf(req);
    return principal.kind === 'user' ? { user: principal.user } : { wall: principal.wall };
  });
}
