import type * as Y from 'yjs';
import type { JoinAck } from './protocol.ts';
import { applySyncMessage, encodeSyncStep1 } from './sync-messages.ts';

export type JoinRequest = { boardId: string; syncStep1: Uint8Array };

/**
 * Client side of joining a board: sends the replica's state vector and applies what the server
 * answers is missing. Used on every (re)connect with the same document, so a reconnect transfers
 * only what the replica lacks.
 */
export async function joinBoard(
  send: (request: JoinRequest) => Promise<JoinAck>,
  doc: Y.Doc,
  boardId: string,
): Promise<JoinAck> {
  const ack = await send({ boardId, syncStep1: encodeSyncStep1(doc) });
  if (ack.ok) applySyncMessage(doc, ack.syncStep2);
  return ack;
}
