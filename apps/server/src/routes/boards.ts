import { CommandSchemas, IdSchema, orderedColumns, orderedLanes, byRank, type BoardState } from '@obeya/domain';
import { CreateBoardBodySchema } from '@obeya/sync';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BoardService } from '../services/board-service.ts';
import { parse, runCommand } from './command-route.ts';

const BoardParams = z.object({ boardId: IdSchema });

/** The board with columns, lanes and cards in display order. */
export function presentBoard(board: BoardState): BoardState {
  return { ...board, columns: orderedColumns(board), lanes: orderedLanes(board), cards: [...board.cards].sort(byRank) };
}

export function boardRoutes(app: FastifyInstance, boards: BoardService): void {
  app.get('/api/boards', async () => ({ boards: await boards.listBoards() }));

  app.post('/api/boards', async (req, reply) => {
    const body = parse(CreateBoardBodySchema, req.body, 'board');
    const board = await boards.createBoard(body.name, body.template, 'api');
    return reply.code(201).send({ board });
  });

  app.get('/api/boards/:boardId', async (req) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    return { board: presentBoard(await boards.getBoard(boardId)) };
  });

  app.patch('/api/boards/:boardId', async (req) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const body = parse(CommandSchemas['board:update'], req.body, 'board');
    await runCommand(boards, req, boardId, { type: 'board:update', ...body });
    return { board: presentBoard(await boards.getBoard(boardId)) };
  });
}
