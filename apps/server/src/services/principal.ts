import type { Actor } from '@obeya/domain';
import type { User, WallIdentity } from '@obeya/sync';

/** The credential a principal was recognised by, so it can be re-checked and revoked. */
export interface Credential {
  kind: 'session' | 'apiToken' | 'wallToken';
  id: string;
}

/**
 * Who is calling, as the server established it (never as the client claims): a person through a
 * session cookie or a personal access token, or a wall screen through its token.
 */
export type Principal =
  { kind: 'user'; user: User; credential: Credential } | { kind: 'wall'; wall: WallIdentity; credential: Credential };

/** Who acted, as the board and its event log record it (the log keeps the id). */
export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user'
    ? { id: principal.user.id, name: principal.user.name }
    : { id: `wall:${principal.wall.tokenId}`, name: principal.wall.name };
}

/** The name shown to others on the board. */
export function displayName(principal: Principal): { id: string; name: string; kind: 'user' | 'wall' } {
  return principal.kind === 'user'
    ? { id: principal.user.id, name: principal.user.name, kind: 'user' }
    : { id: principal.wall.tokenId, name: principal.wall.name, kind: 'wall' };
}
