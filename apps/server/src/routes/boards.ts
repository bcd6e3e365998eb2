import { orderedColumns, orderedLanes, byRank, Role, type BoardState } from '@obeya/domain';
import { CreateBoardBodySchema, UpdateBoardBodySchema } from '@obeya/sync';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.ts';
import { requireUser } from '../services/account-service.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from '../services/principal.ts';
import { BoardParams } from './params.ts';
import { parse, runCommand } from './command-route.ts';

/** The board with columns, lanes and cards in display order. */
export function presentBoard(board: BoardState): BoardState {
  return { ...board, columns: orderedColumns(board), lanes: orderedLanes(board), cards: [...board.cards].sort(byRank) };
}

/**
 * Boards the caller is a member of: list, create (the creator is admin), read, change its name and
 * workflow settings (admins), delete.
 */
export function boardRoutes(app: FastifyInstance, services: Services): void {
  const { boards, access } = services;

  app.get('/api/boards', async (req) => ({ boards: await access.listBoards(principalOf(req)) }));

  app.post('/api/boards', async (req, reply) => {
    const principal = principalOf(req);
    const user = requireUser(principal);
    const body = parse(CreateBoardBodySchema, req.body, 'board');
    const board = await boards.createBoard(body.name, body.template, { actor: actorOf(principal), owner: user.id });
    return reply.code(201).send({ board: { ...board, role: Role.admin } });
  });

  app.get('/api/boards/:boardId', async (req) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const role = await access.require(principalOf(req), boardId, Role.viewer);
    return { board: presentBoard(await boards.getBoard(boardId)), role };
  });

  app.patch('/api/boards/:boardId', async (req) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const body = parse(UpdateBoardBodySchema, req.body, 'board');
    await runCommand(services, req, boardId, { type: 'board:update', ...body });
    return { board: presentBoard(await boards.getBoard(boardId)) };
  });

  app.delete('/api/boards/:boardId', async (req, reply) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    await access.require(principalOf(req), boardId, Role.admin);
    await boards.deleteBoard(boardId);
    return reply.code(204).send();
  });
}
