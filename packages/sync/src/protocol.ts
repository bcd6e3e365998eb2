import type { CommandInput, CommandName, Envelope, Rejection } from '@obeya/domain';
import type { Bytes } from './sync-messages.ts';

/** Bumped whenever a message below changes shape; the server refuses other versions. */
export const PROTOCOL_VERSION = 1;

/** Largest socket message the server accepts, in bytes. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

/** The answer to every command: accepted (with the id of anything created) or refused. */
export type CommandAck = { ok: true; createdId?: string } | { ok: false; error: Rejection };

export type JoinAck = { ok: true; syncStep2: Bytes; presence: number } | { ok: false; error: Rejection };

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
  /** How many connections are on the board now. */
  'board:presence': (payload: { boardId: string; count: number }) => void;
  /** A message could not be handled (outside any acknowledgement). */
  'error:raised': (payload: Rejection) => void;
}

/** Sent in the socket.io handshake (`auth`). */
export interface HandshakeAuth {
  protocol: number;
}
