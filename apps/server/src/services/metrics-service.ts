import { ErrorCode, Role, sleSettings, type BoardState } from '@obeya/domain';
import { computeAnalytics, computeReport, type Analytics, type AnalyticsOptions, type Report } from '@obeya/metrics';
import type { AnalyticsQuery, MetricsQuery } from '@obeya/sync';
import { AppError } from '../errors.ts';
import type { BoardRepository } from '../repositories/board-repository.ts';
import type { AccessService } from './access-service.ts';
import type { BoardService, Clock } from './board-service.ts';
import { FlowLogCache, type BoardFlowLog } from './flow-log-cache.ts';
import type { Principal } from './principal.ts';

/**
 * A board's flow log and the metrics computed from it. Metrics are computed from the very text
 * the export returns, through the same parser as the CLI, so the app, the API and the CLI on an
 * export always agree.
 */
export class MetricsService {
  readonly #logs: FlowLogCache;

  constructor(
    repo: BoardRepository,
    private readonly boards: BoardService,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {
    this.#logs = new FlowLogCache(repo);
    boards.deleted.on('board', (boardId) => this.#logs.drop(boardId));
  }

  /** The board's flow log as JSON Lines. */
  async exportFlowLog(principal: Principal, boardId: string): Promise<string> {
    return (await this.flowLog(principal, boardId)).text();
  }

  /** The `obeya metrics --json` report of the board for a period, at `now` (default: the server's clock). */
  async report(principal: Principal, boardId: string, period: MetricsQuery): Promise<Report> {
    const { log } = await this.flowLog(principal, boardId);
    return computing(() => computeReport(log, { now: this.nowOf(period), ...defined(period, 'from', 'to') }));
  }

  /** Every chart of the analytics page, with the SLE the board's workflow settings ask for. */
  async analytics(principal: Principal, boardId: string, query: AnalyticsQuery): Promise<Analytics> {
    const { board, log } = await this.flowLog(principal, boardId);
    const now = this.nowOf(query);
    const sle = sleSettings(board);
    const options: AnalyticsOptions = {
      now,
      slePercent: sle.percent,
      sleWindowDays: sle.windowDays,
      ...defined(query, 'from', 'to', 'days', 'items', 'by'),
    };
    return withCurrentTitles(
      computing(() => computeAnalytics(log, options)),
      board,
    );
  }

  private async flowLog(principal: Principal, boardId: string): Promise<{ board: BoardState } & BoardFlowLog> {
    await this.access.require(principal, boardId, Role.viewer);
    const board = await this.boards.getBoard(boardId);
    return { board, ...(await this.#logs.read(board)) };
  }

  private nowOf(query: MetricsQuery): number {
    return query.now === undefined ? this.clock.now().getTime() : Date.parse(query.now);
  }
}

/** The metrics package says what is wrong with a period or a question by a RangeError: the caller's mistake. */
function computing<T>(compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    if (err instanceof RangeError) throw new AppError({ code: ErrorCode.invalidPayload, message: err.message });
    throw err;
  }
}

/** The fields of `query` that are set, so optional options stay absent rather than undefined. */
function defined<Q extends object, K extends keyof Q>(query: Q, ...keys: K[]): { [P in K]?: Exclude<Q[P], undefined> } {
  const out: { [P in K]?: Exclude<Q[P], undefined> } = {};
  for (const key of keys) if (query[key] !== undefined) out[key] = query[key] as Exclude<Q[K], undefined>;
  return out;
}

/** The log keeps the title a card was created with; the charts show the one the board shows now. */
function withCurrentTitles(analytics: Analytics, board: BoardState): Analytics {
  const titles = new Map(board.cards.map((c) => [c.id, c.title]));
  const retitle = <C extends { id: string; title: string }>(card: C): C => ({
    ...card,
    title: titles.get(card.id) ?? card.title,
  });
  return {
    ...analytics,
    cycleTime: { ...analytics.cycleTime, cards: analytics.cycleTime.cards.map(retitle) },
    ageing: { ...analytics.ageing, cards: analytics.ageing.cards.map(retitle) },
  };
}
