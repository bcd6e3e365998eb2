import type {
  CommandInput,
  CommandName,
  CommentCommand,
  CommentCommandName,
  Envelope,
  Rejection,
  Role,
} from '@obeya/domain';
import type { Bytes } from './sync-messages.ts';

/** Bumped whenever a message below changes shape; the server refuses other versions. */
export const PROTOCOL_VERSION = 4;

/** Largest socket message the server accepts, in bytes. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

/**
 * Largest `card:edit`, in bytes: a description at its length limit in three-byte characters with
 * its formatting, or the difference sent after typing offline (which carries every deletion the
 * text has had), must fit.
 */
export const MAX_CARD_EDIT_BYTES = 512 * 1024;

/** The answer to every command: accepted (with the id of anything created) or refused. */
export type CommandAck = { ok: true; createdId?: string } | { ok: false; error: Rejection };

/** Someone on a board, as the server knows them from their session or wall-screen token. */
export interface PresenceEntry {
  /** The user's id, or the wall token's id. */
  id: string;
  name: string;
  kind: 'user' | 'wall';
  /** Cards whose details this person has open (in any of their tabs), as the server saw them open. */
  cards: string[];
  /** The card this person is dragging right now, if any (as their browser said). */
  dragging: string | null;
}

/**
 * Opening a card's details answers with the sync reply for its content document, the server's
 * state vector (so the browser can send what the server lacks, such as text typed offline), the
 * awareness states of everyone else in it (cursors), and whether this connection may edit.
 */
export type CardOpenAck =
  | { ok: true; syncStep2: Bytes; stateVector: Bytes; awareness: Bytes; canEdit: boolean }
  | { ok: false; error: Rejection };

/** Identifies a card's content document: the board it is on, and the card. */
export interface CardRef {
  boardId: string;
  cardId: string;
}

/**
 * Joining a board answers with the sync reply and the document's epoch (the whole document when
 * the client's copy is of an earlier epoch; see `BoardReplica`), who is there, and what this
 * connection may do.
 */
export type JoinAck =
  | { ok: true; epoch: number; syncStep2: Bytes; presence: PresenceEntry[]; role: Role }
  | { ok: false; error: Rejection };

type CommandEvents = {
  [N in CommandName]: (payload: Envelope & CommandInput<N>, ack: (result: CommandAck) => void) => void;
};

type CommentEvents = {
  [N in CommentCommandName]: (payload: CommentCommand<N>, ack: (result: CommandAck) => void) => void;
};

/** Events a browser sends: commands (imperative), joining and leaving a board, and card content. */
export type ClientToServerEvents = CommandEvents &
  CommentEvents & {
    /** Joins a board with the client copy's epoch and y-protocols sync step 1. */
    'board:join': (
      payload: { boardId: string; epoch: number; syncStep1: Bytes },
      ack: (result: JoinAck) => void,
    ) => void;
    'board:leave': (payload: { boardId: string }) => void;
    /** This browser is dragging a card (`null`: stopped); shown to everyone on the board. */
    'board:dragging': (payload: { boardId: string; cardId: string | null }) => void;
    /** Opens a card's content document (on a board this connection joined): y-protocols sync step 1. */
    'card:open': (payload: CardRef & { syncStep1: Bytes }, ack: (result: CardOpenAck) => void) => void;
    'card:close': (payload: CardRef) => void;
    /**
     * A Yjs update of the card's description (members and admins only). Acknowledged once stored;
     * a refused update (too long, not the description, out of order) changes nothing anywhere, and
     * the browser should reopen the card from the server's copy.
     */
    'card:edit': (payload: CardRef & { update: Bytes }, ack: (result: CommandAck) => void) => void;
    /** A y-protocols awareness update (cursor, selection); the server stamps who it is from. */
    'card:awareness': (payload: CardRef & { update: Bytes }) => void;
  };

/** Events the server sends: facts (past tense or state). */
export interface ServerToClientEvents {
  /**
   * A y-protocols update message for the board document, of the document's `epoch`; the first
   * message of a new epoch holds the whole document (see `BoardReplica`).
   */
  'board:synced': (payload: { boardId: string; epoch: number; message: Bytes }) => void;
  /** A y-protocols update message for an open card's content document (stored already). */
  'card:synced': (payload: { cardId: string; message: Bytes }) => void;
  /** A y-protocols awareness update for an open card, with each state's `user` set by the server. */
  'card:awareness': (payload: { cardId: string; update: Bytes }) => void;
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
