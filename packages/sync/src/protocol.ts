import type { CommandInput, CommandName, Envelope, Rejection, Role } from '@obeya/domain';
import type { Bytes } from './sync-messages.ts';

/** Bumped whenever a message below changes shape; the server refuses other versions. */
export const PROTOCOL_VERSION = 2;

/** Largest socket message the server accepts, in bytes. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

/** The answer to every command: accepted (with the id of anything created) or refused. */
export type CommandAck = { ok: true; createdId?: string } | { ok: false; error: Rejection };

/** Someone on a board, as the server knows them from their session or wall-screen token. */
export interface PresenceEntry {
  /** The user's id, or the wall token's id. */
  id: string;
  name: string;
  kind: 'user' | 'wall';
}

/** Joining a board answers with the sync reply, who is there, and what this connection may do. */
export type JoinAck =
  { ok: true; syncStep2: Bytes; presence: PresenceEntry[]; role: Role } | { ok: false; error: Rejection };

type CommandEvents = {
  [N in CommandName]: (payload: Envelope & CommandInput<N>, ack: (result: CommandAck) => void) => void;
};

/** Events a browser sends: commands (imperative), plus joining and leaving a board. */
export type ClientToServerEvents = CommandEvents & {
  'board:join': (payload: { boardId: string; syncStep1: Bytes }, ack: (result: JoinAck) => void) => void;
  'board:leave': (payload: { boardId: string }) => void;
};

/** Events the server sends: facts (past tense or state). */
export interface ServerToClientEvents {
  /** A y-protocols update message for the board document. */
  'board:synced': (payload: { boardId: string; message: Bytes }) => void;
  /** Who is on the board now, one entry per person or wall screen. */
  'board:presence': (payload: { boardId: string; people: PresenceEntry[] }) => void;
  /**
   * This connection's role on the board changed; `null` means it lost access and has left the
   * board's room (it receives nothing more from it).
   */
  'board:access': (payload: { boardId: string; role: Role | null }) => void;
  /**
   * A message could not be handled (outside any acknowledgement). `UNAUTHENTICATED` means the
   * session or token ended (sign-out, revocation, expiry); the server disconnects right after.
   */
  'error:raised': (payload: Rejection) => void;
}

/**
 * What a refused handshake carries: the client's `connect_error` has the message and, in `data`,
 * the code (`UNAUTHENTICATED`: sign in again; `FORBIDDEN`: cross-site; `INVALID_PAYLOAD`: an
 * out-of-date page, reload it).
 */
export interface HandshakeRefusal {
  code: Rejection['code'];
}

/**
 * Sent in the socket.io handshake (`auth`). Browsers are identified by their session cookie;
 * scripts and wall screens pass a personal access token or a wall-screen token instead.
 */
export interface HandshakeAuth {
  protocol: number;
  token?: string;
}
