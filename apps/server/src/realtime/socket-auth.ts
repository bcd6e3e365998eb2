import { ErrorCode } from '@obeya/domain';
import { PROTOCOL_VERSION, type HandshakeAuth, type HandshakeRefusal } from '@obeya/sync';
import fastifyCookie from '@fastify/cookie';
import type { Socket } from 'socket.io';
import { sameOrigin, SESSION_COOKIE, type Authenticate } from '../plugins/auth.ts';
import type { Principal } from '../services/principal.ts';

/** A refused handshake: the client's `connect_error` carries the message and `data.code`. */
function refusal(code: HandshakeRefusal['code'], message: string): Error {
  const data: HandshakeRefusal = { code };
  return Object.assign(new Error(message), { data });
}

/**
 * Authenticates a socket.io connection once, at the handshake: a wall-screen or personal token
 * in `auth.token`, else the session cookie (from one of our own pages only).
 */
export function socketAuthenticator(authenticate: Authenticate, trustedOrigins: readonly string[]) {
  return async (socket: Socket): Promise<Principal> => {
    const auth = socket.handshake.auth as Partial<HandshakeAuth>;
    if (auth.protocol !== PROTOCOL_VERSION) {
      throw refusal(
        ErrorCode.invalidPayload,
        `This page speaks protocol ${String(auth.protocol)}, the server ${PROTOCOL_VERSION}: reload it.`,
      );
    }
    if (typeof auth.token === 'string') {
      const principal = await authenticate.bearer(auth.token);
      if (!principal) throw refusal(ErrorCode.unauthenticated, 'That token is not valid (revoked?).');
      return principal;
    }
    const headers = socket.request.headers;
    if (!sameOrigin(headers, trustedOrigins)) {
      throw refusal(ErrorCode.forbidden, 'Cross-site connection refused.');
    }
    const session = fastifyCookie.parse(headers.cookie ?? '')[SESSION_COOKIE];
    const principal = session ? await authenticate.session(session) : null;
    if (!principal) throw refusal(ErrorCode.unauthenticated, 'Sign in first.');
    return principal;
  };
}
