import { CommandSchemas } from '@obeya/domain';
import { UpdateColumnBodySchema } from '@obeya/sync';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.ts';
import { BoardParams, ColumnParams, LaneParams } from './params.ts';
import { findEntity, parse, runCommand } from './command-route.ts';

const UpdateLaneBodySchema = CommandSchemas['lane:update'].omit({ laneId: true });

/** Columns and swimlanes: the board's structure. */
export function columnRoutes(app: FastifyInstance, services: Services): void {
  const { boards } = services;
  app.post('/api/boards/:boardId/columns', async (req, reply) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const body = parse(CommandSchemas['column:create'], req.body, 'column');
    const { createdId = '' } = await runCommand(services, req, boardId, { type: 'column:create', ...body });
    return reply.code(201).send({ column: await findEntity(boards, boardId, 'columns', createdId) });
  });

  app.patch('/api/columns/:columnId', async (req) => {
    const { columnId } = parse(ColumnParams, req.params, 'column id');
    const body = parse(UpdateColumnBodySchema, req.body, 'column');
    const boardId = await boards.boardOf(columnId, 'column');
    await runCommand(services, req, boardId, { type: 'column:update', columnId, ...body });
    return { column: await findEntity(boards, boardId, 'columns', columnId) };
  });

  app.post('/api/boards/:boardId/lanes', async (req, reply) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const body = parse(CommandSchemas['lane:create'], req.body, 'swimlane');
    const { createdId = '' } = await runCommand(services, req, boardId, { type: 'lane:create', ...body });
    return reply.code(201).send({ lane: await findEntity(boards, boardId, 'lanes', createdId) });
  });

  app.patch('/api/lanes/:laneId', async (req) => {
    const { laneId } = parse(LaneParams, req.params, 'swimlane id');
    const body = parse(UpdateLaneBodySchema, req.body, 'swimlane');
    const boardId = await boards.boardOf(laneId, 'lane');
    await runCommand(services, req, boardId, { type: 'lane:update', laneId, ...body });
    return { lane: await findEntity(boards, boardId, 'lanes', laneId) };
  });
}
