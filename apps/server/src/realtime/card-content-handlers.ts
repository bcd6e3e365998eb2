import { CommentCommandSchemas, ErrorCode, IdSchema, Role, roleAllows, type Rejection } from '@obeya/domain';
import type { CardOpenAck, CommandAck } from '@obeya/sync';
import type { FastifyBaseLogger } from 'fastify';
import * as Y from 'yjs';
import { z } from 'zod';
import { invalidPayload } from '../errors.ts';
import type { CardContentService } from '../services/card-content-service.ts';
import type { BoardPresence } from './board-presence.ts';
import { hasOpen, type CardSessions } from './card-sessions.ts';
import { answerOrRefuse, toRejection, type IoSocket } from './sockets.ts';

const RefSchema = z.object({ boardId: IdSchema, cardId: IdSchema });
const OpenSchema = RefSchema.extend({ syncStep1: z.instanceof(Uint8Array) }).strict();
const CloseSchema = RefSchema.strict();
const UpdateSchema = RefSchema.extend({ update: z.instanceof(Uint8Array) }).strict();

export interface CardContentDeps {
  presence: BoardPresence;
  content: CardContentService;
  cards: CardSessions;
  log: FastifyBaseLogger;
}

/**
 * A card's content over socket.io: opening and closing it (y-protocols sync, awareness, who has
 * it open), description edits, cursors, and comment commands.
 */
export function registerCardContentHandlers(
  socket: IoSocket,
  { presence, content, cards, log }: CardContentDeps,
): void {
  const { principal } = socket.data;
  const refused = (err: unknown): { ok: false; error: Rejection } => ({ ok: false, error: toRejection(err, log) });

  socket.on('card:open', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    const parsed = OpenSchema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: invalidPayload('card:open', parsed.error) });
    const { syncStep1, ...ref } = parsed.data;
    if (!socket.data.roles.has(ref.boardId)) {
      return ack({
        ok: false,
        error: { code: ErrorCode.notJoined, message: 'Join the board before opening its cards.' },
      });
    }
    try {
      const answer = await content.open(principal, ref, Role.viewer, async (doc, role): Promise<CardOpenAck> => {
        const syncStep2 = answerOrRefuse(doc, syncStep1, 'card:open');
        // Joined inside the document's queue, before answering, so no update committed in between is missed.
        const awareness = await cards.open(socket, ref);
        const canEdit = roleAllows(role, Role.member) && principal.kind === 'user';
        return { ok: true, syncStep2, stateVector: Y.encodeStateVector(doc), awareness, canEdit };
      });
      ack(answer);
      await presence.broadcast(ref.boardId);
    } catch (err) {
      ack(refused(err));
    }
  });

  socket.on('card:close', async (payload) => {
    const parsed = CloseSchema.safeParse(payload);
    if (!parsed.success) return void socket.emit('error:raised', invalidPayload('card:close', parsed.error));
    if (!hasOpen(socket, parsed.data)) return;
    await cards.close(socket, parsed.data);
    await presence.broadcast(parsed.data.boardId);
  });

  socket.on('card:edit', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    const parsed = UpdateSchema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: invalidPayload('card:edit', parsed.error) });
    const { update, ...ref } = parsed.data;
    ack(await content.edit(principal, ref, update, socket.id).then((): CommandAck => ({ ok: true }), refused));
  });

  socket.on('card:awareness', (payload) => {
    const parsed = UpdateSchema.safeParse(payload);
    if (!parsed.success) return void socket.emit('error:raised', invalidPayload('card:awareness', parsed.error));
    const { update, ...ref } = parsed.data;
    if (!hasOpen(socket, ref)) {
      return void socket.emit('error:raised', { code: ErrorCode.notJoined, message: 'Open the card first.' });
    }
    try {
      cards.relay(socket, ref, update);
    } catch {
      socket.emit('error:raised', {
        code: ErrorCode.invalidPayload,
        message: 'Invalid card:awareness: update is not a y-protocols awareness update.',
      });
    }
  });

  socket.on('comment:add', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    const parsed = CommentCommandSchemas['comment:add'].safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: invalidPayload('comment:add', parsed.error) });
    ack(await content.addComment(principal, parsed.data).catch(refused));
  });

  socket.on('comment:edit', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    const parsed = CommentCommandSchemas['comment:edit'].safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: invalidPayload('comment:edit', parsed.error) });
    ack(await content.editComment(principal, parsed.data).catch(refused));
  });
}
