import type { FastifyInstance } from 'fastify';
import { AnalyticsQuerySchema, MetricsQuerySchema } from '@obeya/sync';
import { principalOf } from '../plugins/auth.ts';
import type { MetricsService } from '../services/metrics-service.ts';
import { BoardParams } from './params.ts';
import { parse } from './command-route.ts';

/** The board's flow log (open format), its metrics as `obeya metrics --json` computes them, and the analytics page's charts. */
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
    const query = parse(MetricsQuerySchema, req.query, 'period');
    return metrics.report(principalOf(req), boardId, query);
  });

  app.get('/api/boards/:boardId/analytics', async (req) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const query = parse(AnalyticsQuerySchema, req.query, 'analytics question');
    return metrics.analytics(principalOf(req), boardId, query);
  });
}
