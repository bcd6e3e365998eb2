import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../plugins/auth.ts';
import type { MetricsService } from '../services/metrics-service.ts';
import { BoardParams } from './params.ts';
import { parse } from './command-route.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const MetricsQuery = z
  .object({ from: Day.optional(), to: Day.optional(), now: z.iso.datetime({ offset: true }).optional() })
  .strict();

/** The board's flow log (open format) and its metrics, as `obeya metrics --json` computes them. */
export function metricsRoutes(app: FastifyInstance, metrics: MetricsService): void {
  app.get('/api/boards/:boardId/flow-log', async (req, reply) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const text = await metrics.exportFlowLog(principalOf(req), boardId);
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="flow-log-${boardId}.jsonl"`)
      .send(text);
  });

  app.get('/api/boards/:boardId/metrics', async (req) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const query = parse(MetricsQuery, req.query, 'period');
    return metrics.report(principalOf(req), boardId, query);
  });
}
