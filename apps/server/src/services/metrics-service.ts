import { ErrorCode, Role } from '@obeya/domain';
import { computeReport, parseFlowLog, type Report } from '@obeya/metrics';
import { AppError } from '../errors.ts';
import type { BoardRepository } from '../repositories/board-repository.ts';
import type { AccessService } from './access-service.ts';
import type { BoardService, Clock } from './board-service.ts';
import { flowLogLines, toJsonLines } from './flow-log-export.ts';
import type { Principal } from './principal.ts';

/**
 * A board's flow log and the metrics computed from it. Metrics are computed from the very text
 * the export returns, through the same parser as the CLI, so the app, the API and the CLI on an
 * export always agree.
 */
export class MetricsService {
  constructor(
    private readonly repo: BoardRepository,
    private readonly boards: BoardService,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  /** The board's flow log as JSON Lines. */
  async exportFlowLog(principal: Principal, boardId: string): Promise<string> {
    await this.access.require(principal, boardId, Role.viewer);
    const board = await this.boards.getBoard(boardId);
    return toJsonLines(flowLogLines(board, await this.repo.listEvents(boardId)));
  }

  /** The `obeya metrics --json` report of the board for a period, at `now` (default: the server's clock). */
  async report(
    principal: Principal,
    boardId: string,
    period: { from?: string | undefined; to?: string | undefined; now?: string | undefined },
  ): Promise<Report> {
    const parsed = parseFlowLog(await this.exportFlowLog(principal, boardId));
    if (!parsed.ok) {
      // The export is ours: a line it cannot read is a bug, not the caller's fault.
      throw new Error(`flow-log export of ${boardId} is invalid: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
    }
    const now = period.now === undefined ? this.clock.now().getTime() : Date.parse(period.now);
    try {
      return computeReport(parsed.log, {
        now,
        ...(period.from && { from: period.from }),
        ...(period.to && { to: period.to }),
      });
    } catch (err) {
      if (err instanceof RangeError) throw new AppError({ code: ErrorCode.invalidPayload, message: err.message });
      throw err;
    }
  }
}
