import { ErrorCode, IdSchema, Role, roleAllows } from '@obeya/domain';
import type { PresenceEntry } from '@obeya/sync';
import { z } from 'zod';
import { invalidPayload } from '../errors.ts';
import { displayName } from '../services/principal.ts';
import type { CardSessions } from './card-sessions.ts';
import { roomOf, type IoServer, type IoSocket, type SocketData } from './sockets.ts';

const DraggingSchema = z.object({ boardId: IdSchema, cardId: IdSchema.nullable() }).strict();

/** One entry per person or wall screen on the board, however many tabs they have open. */
export function presenceEntries(sockets: ReadonlyArray<{ data: SocketData }>, boardId: string): PresenceEntry[] {
  const people = new Map<string, PresenceEntry>();
  for (const { data } of sockets) {
    const who = displayName(data.principal);
    const entry = people.get(who.id) ?? { ...who, cards: [], dragging: null };
    for (const cardId of data.cards.get(boardId) ?? []) if (!entry.cards.includes(cardId)) entry.cards.push(cardId);
    entry.dragging ??= data.dragging.get(boardId) ?? null;
    people.set(who.id, entry);
  }
  return [...people.values()];
}

/** Tells everyone on the board who is there, with the cards they have open and drag; answers the list. */
export async function broadcastPresence(io: IoServer, boardId: string): Promise<PresenceEntry[]> {
  const people = presenceEntries(await io.in(roomOf(boardId)).fetchSockets(), boardId);
  io.to(roomOf(boardId)).emit('board:presence', { boardId, people });
  return people;
}

/** Takes a connection off a board: its role, its drag, the cards it has open, and the board's room. */
export async function leaveBoard(socket: IoSocket, boardId: string, cards: CardSessions): Promise<void> {
  socket.data.roles.delete(boardId);
  socket.data.dragging.delete(boardId);
  await cards.closeBoard(socket, boardId);
  await socket.leave(roomOf(boardId));
}

/** `board:dragging`: shown to everyone on the board; only for those who may move cards. */
export function registerPresenceHandlers(socket: IoSocket, io: IoServer): void {
  socket.on('board:dragging', async (payload) => {
    const parsed = DraggingSchema.safeParse(payload);
    if (!parsed.success) return void socket.emit('error:raised', invalidPayload('board:dragging', parsed.error));
    const { boardId, cardId } = parsed.data;
    const role = socket.data.roles.get(boardId);
    if (role === undefined) {
      return void socket.emit('error:raised', { code: ErrorCode.notJoined, message: 'Join the board first.' });
    }
    // The role as last checked (the access watch keeps it current): drags are too frequent to ask storage.
    if (!roleAllows(role, Role.member) || socket.data.principal.kind === 'wall') {
      return void socket.emit('error:raised', { code: ErrorCode.forbidden, message: 'Only members move cards.' });
    }
    if ((socket.data.dragging.get(boardId) ?? null) === cardId) return;
    if (cardId === null) socket.data.dragging.delete(boardId);
    else socket.data.dragging.set(boardId, cardId);
    await broadcastPresence(io, boardId);
  });
}
