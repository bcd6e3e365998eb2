import { ErrorCode, type Rejection, type Role } from '@obeya/domain';
import { answerSyncStep1, type ClientToServerEvents, type PresenceEntry, type ServerToClientEvents } from '@obeya/sync';
import type { FastifyBaseLogger } from 'fastify';
import type { Server, Socket } from 'socket.io';
import type * as Y from 'yjs';
import { AppError } from '../errors.ts';
import type { TokenBucket } from '../security/rate-limiter.ts';
import type { Credential, Principal } from '../services/principal.ts';

/**
 * What the server knows about each connection; set by the server, never by the client. It stays on
 * this node: other nodes get only the presence entries built from it (board-presence.ts).
 */
export interface SocketData {
  principal: Principal;
  /** The boards this connection joined, with its role on each when last checked. */
  roles: Map<string, Role>;
  /** Per board id, the cards whose content this connection has open. */
  cards: Record<string, string[]>;
  /** Per board id, the card this connection says it is dragging. */
  dragging: Record<string, string>;
  bucket: TokenBucket;
}

/** A record keyed by ids from messages: no prototype, so no key can reach Object's. */
export const emptyRecord = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** What server nodes tell each other through the socket.io adapter: changes no log carries. */
export interface NodeEvents {
  /** A board's members or roles changed, or it was deleted: re-check its connections. */
  'access:board': (boardId: string) => void;
  /** A session or token was revoked: close the connections that use it. */
  'access:credential': (credential: Credential) => void;
  /** Asks every other node for its own entries of a board's presence list. */
  'presence:list': (boardId: string, answer: (people: PresenceEntry[]) => void) => void;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, NodeEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, NodeEvents, SocketData>;

const ROOM_PREFIX = 'board:';
/** The socket.io room of everyone who joined a board. */
export const roomOf = (boardId: string) => `${ROOM_PREFIX}${boardId}`;

/** Whether at least one of this node's connections has joined the board. */
export function isJoined(io: IoServer, boardId: string): boolean {
  return io.of('/').adapter.rooms.has(roomOf(boardId));
}

/** The ids in this node's rooms named `prefix` + id (boards joined, cards open). */
export function roomIds(io: IoServer, prefix: string): string[] {
  const rooms = [...io.of('/').adapter.rooms.keys()];
  return rooms.filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length));
}

/** The boards that at least one of this node's connections has joined. */
export function joinedBoards(io: IoServer): string[] {
  return roomIds(io, ROOM_PREFIX);
}

/** What a handler's failure tells the client: our own errors as they are, anything else as a generic one. */
export function toRejection(err: unknown, log: FastifyBaseLogger): Rejection {
  if (err instanceof AppError) return err.rejection;
  log.error({ err }, 'socket handler failed');
  return { code: ErrorCode.internal, message: 'Something went wrong on the server; the change was not saved.' };
}

/** The sync reply to a client's state vector; garbage in the message is the client's error, not ours. */
export function answerOrRefuse(doc: Y.Doc, syncStep1: Uint8Array, event: string): Uint8Array {
  try {
    return answerSyncStep1(doc, syncStep1);
  } catch {
    throw new AppError({
      code: ErrorCode.invalidPayload,
      message: `Invalid ${event}: syncStep1 is not a y-protocols sync step 1 message.`,
    });
  }
}
