import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.ts';
import type { BlockedWorkService } from '../services/blocked-work.ts';
import { parse } from './command-route.ts';
import { BoardParams } from './params.ts';

/** Blocked work: the live list's starting point, and the reasons a board has used before. */
export function blockedRoutes(app: FastifyInstance, blocked: BlockedWorkService): void {
  app.get('/api/blocked', async (req) => ({ blocked: await blocked.list(principalOf(req)) }));

  app.get('/api/boards/:boardId/blocker-reasons', async (req) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    return { reasons: await blocked.reasons(principalOf(req), boardId) };
  });
}
