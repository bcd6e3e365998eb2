import { limitLoads, scopeKey } from '@obeya/domain';
import { CreateGroupBodySchema, SetLimitBodySchema, UpdateGroupBodySchema } from '@obeya/sync';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.ts';
import { findEntity, parse, runCommand } from './command-route.ts';
import { BoardParams, GroupParams } from './params.ts';

/** WIP limits on every scope, and the column groups that can carry one. */
export function limitRoutes(app: FastifyInstance, services: Services): void {
  const { boards } = services;

  /** Sets, changes or (with `max: null`) removes the limit of one scope; answers with its load. */
  app.put('/api/boards/:boardId/limits', async (req) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const body = parse(SetLimitBodySchema, req.body, 'limit');
    await runCommand(services, req, boardId, { type: 'limit:set', ...body });
    const key = scopeKey(body.scope);
    const load = limitLoads(await boards.getBoard(boardId)).find((l) => scopeKey(l.limit.scope) === key);
    return { limit: load ?? null };
  });

  app.post('/api/boards/:boardId/groups', async (req, reply) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const body = parse(CreateGroupBodySchema, req.body, 'column group');
    const { createdId = '' } = await runCommand(services, req, boardId, { type: 'group:create', ...body });
    return reply.code(201).send({ group: await findEntity(boards, boardId, 'groups', createdId) });
  });

  app.patch('/api/boards/:boardId/groups/:groupId', async (req) => {
    const { boardId, groupId } = parse(GroupParams, req.params, 'column group id');
    const body = parse(UpdateGroupBodySchema, req.body, 'column group');
    await runCommand(services, req, boardId, { type: 'group:update', groupId, ...body });
    return { group: await findEntity(boards, boardId, 'groups', groupId) };
  });

  app.delete('/api/boards/:boardId/groups/:groupId', async (req, reply) => {
    const { boardId, groupId } = parse(GroupParams, req.params, 'column group id');
    await runCommand(services, req, boardId, { type: 'group:delete', groupId });
    return reply.code(204).send();
  });
}
