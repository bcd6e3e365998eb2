import {
  AssignCardBodySchema,
  BlockCardBodySchema,
  CreateCardBodySchema,
  MoveCardBodySchema,
  UpdateCardBodySchema,
} from '@obeya/sync';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.ts';
import { BoardParams, CardParams } from './params.ts';
import { findEntity, parse, runCommand } from './command-route.ts';

/** Cards: create, retitle, move, assign, block and unblock, archive. */
export function cardRoutes(app: FastifyInstance, services: Services): void {
  const { boards } = services;
  app.post('/api/boards/:boardId/cards', async (req, reply) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const body = parse(CreateCardBodySchema, req.body, 'card');
    const { createdId = '' } = await runCommand(services, req, boardId, { type: 'card:create', ...body });
    return reply.code(201).send({ card: await findEntity(boards, boardId, 'cards', createdId) });
  });

  app.patch('/api/cards/:cardId', async (req) => {
    const { cardId } = parse(CardParams, req.params, 'card id');
    const body = parse(UpdateCardBodySchema, req.body, 'card');
    const boardId = await boards.boardOf(cardId, 'card');
    await runCommand(services, req, boardId, { type: 'card:update', cardId, ...body });
    return { card: await findEntity(boards, boardId, 'cards', cardId) };
  });

  app.post('/api/cards/:cardId/move', async (req) => {
    const { cardId } = parse(CardParams, req.params, 'card id');
    const body = parse(MoveCardBodySchema, req.body, 'move');
    const boardId = await boards.boardOf(cardId, 'card');
    await runCommand(services, req, boardId, { type: 'card:move', cardId, ...body });
    return { card: await findEntity(boards, boardId, 'cards', cardId) };
  });

  app.put('/api/cards/:cardId/assignees', async (req) => {
    const { cardId } = parse(CardParams, req.params, 'card id');
    const body = parse(AssignCardBodySchema, req.body, 'assignees');
    const boardId = await boards.boardOf(cardId, 'card');
    await runCommand(services, req, boardId, { type: 'card:assign', cardId, ...body });
    return { card: await findEntity(boards, boardId, 'cards', cardId) };
  });

  app.post('/api/cards/:cardId/block', async (req) => {
    const { cardId } = parse(CardParams, req.params, 'card id');
    const body = parse(BlockCardBodySchema, req.body, 'blocker');
    const boardId = await boards.boardOf(cardId, 'card');
    await runCommand(services, req, boardId, { type: 'card:block', cardId, ...body });
    return { card: await findEntity(boards, boardId, 'cards', cardId) };
  });

  app.post('/api/cards/:cardId/unblock', async (req) => {
    const { cardId } = parse(CardParams, req.params, 'card id');
    const boardId = await boards.boardOf(cardId, 'card');
    await runCommand(services, req, boardId, { type: 'card:unblock', cardId });
    return { card: await findEntity(boards, boardId, 'cards', cardId) };
  });

  app.post('/api/cards/:cardId/archive', async (req, reply) => {
    const { cardId } = parse(CardParams, req.params, 'card id');
    const boardId = await boards.boardOf(cardId, 'card');
    await runCommand(services, req, boardId, { type: 'card:archive', cardId });
    return reply.code(204).send();
  });
}
