import { AddCommentBodySchema } from '@obeya/sync';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';
import { CardParams } from './params.ts';
import { operationId, parse } from './command-route.ts';

/** A card's content and history: its activity, its description and comments, adding a comment. */
export function cardContentRoutes(app: FastifyInstance, { boards, content }: Services): void {
  app.get('/api/cards/:cardId/activity', async (req) => {
    const { cardId } = parse(CardParams, req.params, 'card id');
    return { activity: await content.activity(principalOf(req), cardId) };
  });

  app.get('/api/cards/:cardId/content', async (req) => {
    const { cardId } = parse(CardParams, req.params, 'card id');
    return content.content(principalOf(req), cardId);
  });

  /** An `Idempotency-Key` header makes a retried request add the comment at most once. */
  app.post('/api/cards/:cardId/comments', async (req, reply) => {
    const { cardId } = parse(CardParams, req.params, 'card id');
    const { body } = parse(AddCommentBodySchema, req.body, 'comment');
    const principal = principalOf(req);
    const boardId = await boards.boardOf(cardId, 'card');
    const ack = await content.addComment(principal, { opId: operationId(req), boardId, cardId, body });
    if (!ack.ok) throw new AppError(ack.error);
    return reply.code(201).send({ comment: await content.comment(principal, cardId, ack.createdId ?? '') });
  });
}
