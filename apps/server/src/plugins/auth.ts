import { ErrorCode } from '@obeya/domain';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { AccountService } from '../services/account-service.ts';
import type { AccessService } from '../services/access-service.ts';
import type { Principal } from '../services/principal.ts';
import { SecretKind, secretKind } from '../security/secrets.ts';

export const SESSION_COOKIE = 'obeya_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, established by this plugin; null for anonymous requests. */
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The only API routes open to anonymous callers; every other one, present or future, needs a principal. */
const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'GET /api/instance',
  'POST /api/auth/signup',
  'POST /api/auth/login',
  'POST /api/auth/logout',
]);

/** One place that turns any secret a client presents (cookie or token) into a principal. */
export function authenticator(accounts: AccountService, access: AccessService) {
  return {
    session: (secret: string) => accounts.authenticateSession(secret),
    bearer: (secret: string): Promise<Principal | null> => {
      const kind = secretKind(secret);
      if (kind === SecretKind.apiToken) return accounts.authenticateApiToken(secret);
      if (kind === SecretKind.wallToken) return access.authenticateWallToken(secret);
      return Promise.resolve(null);
    },
  };
}
export type Authenticate = ReturnType<typeof authenticator>;

/**
 * True when a browser request comes from one of our own pages. Browsers send `Origin` on every
 * cross-site and every non-GET request; `Sec-Fetch-Site` is a second opinion where supported.
 * Requests without either (scripts, curl) carry no ambient browser credentials to abuse.
 */
export function sameOrigin(
  headers: { origin?: string | undefined; host?: string | undefined; 'sec-fetch-site'?: string | string[] | undefined },
  trustedOrigins: readonly string[],
): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (trustedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

function bearerOf(req: FastifyRequest): string | null | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * Cookie sessions and bearer tokens for every `/api` request, plus the cross-site check for
 * cookie-authenticated writes (the session cookie is also SameSite=Lax).
 */
export async function registerAuth(
  app: FastifyInstance,
  authenticate: Authenticate,
  trustedOrigins: readonly string[],
): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const bearer = bearerOf(req);
    if (bearer !== undefined) {
      req.principal = bearer === null ? null : await authenticate.bearer(bearer);
      if (!req.principal) {
        throw new AppError({ code: ErrorCode.unauthenticated, message: 'That token is not valid (revoked?).' });
      }
      return;
    }
    if (!SAFE_METHODS.has(req.method) && !sameOrigin(req.headers, trustedOrigins)) {
      throw new AppError({
        code: ErrorCode.forbidden,
        message: 'Cross-site request refused: send it from an Obeya page or with an API token.',
      });
    }
    const session = req.cookies[SESSION_COOKIE];
    if (session) req.principal = await authenticate.session(session);
    if (!req.principal && !PUBLIC_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) principalOf(req);
  });
}

/** The caller, or a 401 for anonymous requests. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError({ code: ErrorCode.unauthenticated, message: 'Sign in first.' });
  return req.principal;
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, secret: string, maxAgeMs: number): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
