import type { CommandPayload } from './commands.ts';
import { accept, refuse, type Decision, type DecisionContext } from './decision.ts';
import { ErrorCode, reject, type Rejection } from './errors.ts';
import type { BoardChanges, BoardEvent } from './events.ts';
import type { BoardState } from './model.ts';
import { orderedColumns, orderedLanes } from './order.ts';
import { rankAfterAll, rankBetween } from './rank.ts';

function columnMissing(columnId: string): Rejection {
  return reject(ErrorCode.notFound, 'That column no longer exists.', { columnId });
}

function columnNotFound(columnId: string): Decision {
  return refuse(columnMissing(columnId));
}

/**
 * What is wrong with putting the commitment point on `start` and the delivery point on `finish`
 * (null: not set), or null when nothing is. The board's settings dialog checks with it too.
 */
export function workflowPointsProblem(
  board: BoardState,
  start: string | null,
  finish: string | null,
): Rejection | null {
  const columns = orderedColumns(board);
  const index = (id: string | null) => (id === null ? null : columns.findIndex((c) => c.id === id));
  const s = index(start);
  const f = index(finish);
  if (s === -1 || f === -1) return columnMissing((s === -1 ? start : finish) ?? '');
  if (s !== null && f !== null && s > f) {
    return reject(ErrorCode.invalidWorkflow, 'The commitment point must not be right of the delivery point.', {
      startColumnId: start,
      finishColumnId: finish,
    });
  }
  return null;
}

/**
 * Rename the board, move its commitment and delivery points, or set how its SLE is found (the
 * percentile and window) and the SLE used until there is finished work. Only what differs from
 * the board is recorded; an update that changes nothing records nothing.
 */
export function decideBoardUpdate(board: BoardState, cmd: CommandPayload<'board:update'>): Decision {
  const start = cmd.startColumnId === undefined ? board.startColumnId : cmd.startColumnId;
  const finish = cmd.finishColumnId === undefined ? board.finishColumnId : cmd.finishColumnId;
  const problem = workflowPointsProblem(board, start, finish);
  if (problem) return refuse(problem);
  const changes: BoardChanges = {};
  if (cmd.name !== undefined && cmd.name !== board.name) changes.name = cmd.name;
  if (cmd.sleDays !== undefined && cmd.sleDays !== board.sleDays) changes.sleDays = cmd.sleDays;
  if (cmd.slePercent !== undefined && cmd.slePercent !== board.slePercent) changes.slePercent = cmd.slePercent;
  if (cmd.sleWindowDays !== undefined && cmd.sleWindowDays !== board.sleWindowDays) {
    changes.sleWindowDays = cmd.sleWindowDays;
  }
  if (start !== board.startColumnId) changes.startColumnId = start;
  if (finish !== board.finishColumnId) changes.finishColumnId = finish;
  if (Object.keys(changes).length === 0) return accept([]);
  return accept([{ type: 'board.updated', changes }]);
}

/** Add a column, at the right end or right after a given column. */
export function decideColumnCreate(
  board: BoardState,
  cmd: CommandPayload<'column:create'>,
  ctx: DecisionContext,
): Decision {
  const columns = orderedColumns(board);
  const i = cmd.afterColumnId === undefined ? columns.length - 1 : columns.findIndex((c) => c.id === cmd.afterColumnId);
  if (i === -1) return columnNotFound(cmd.afterColumnId ?? '');
  const left = columns[i];
  const right = columns[i + 1];
  const rank = rankBetween(left?.rank ?? null, right?.rank ?? null);
  const column = { id: ctx.newId(), name: cmd.name, kind: cmd.kind, rank };
  const events: BoardEvent[] = [{ type: 'column.created', column }];
  if (cmd.wipLimit !== null) {
    events.push({
      type: 'limit.set',
      scope: { kind: 'column', columnId: column.id },
      limit: { max: cmd.wipLimit, mode: 'hard' },
    });
  }
  // A column added inside a group (between two of its columns) becomes part of it.
  const group = board.groups.find(
    (g) => left && right && g.columnIds.includes(left.id) && g.columnIds.includes(right.id),
  );
  if (group && left) {
    const columnIds = group.columnIds.flatMap((id) => (id === left.id ? [id, column.id] : [id]));
    events.push({ type: 'group.updated', groupId: group.id, changes: { columnIds } });
  }
  return accept(events, column.id);
}

/** Rename a column or change its kind (its WIP limit is set with `limit:set`). */
export function decideColumnUpdate(board: BoardState, cmd: CommandPayload<'column:update'>): Decision {
  const column = board.columns.find((c) => c.id === cmd.columnId);
  if (!column) return columnNotFound(cmd.columnId);
  const changes: { name?: string; kind?: 'queue' | 'active' } = {};
  if (cmd.name !== undefined && cmd.name !== column.name) changes.name = cmd.name;
  if (cmd.kind !== undefined && cmd.kind !== column.kind) changes.kind = cmd.kind;
  if (Object.keys(changes).length === 0) return accept([]);
  return accept([{ type: 'column.updated', columnId: column.id, changes }]);
}

/** Add a swimlane at the bottom. */
export function decideLaneCreate(
  board: BoardState,
  cmd: CommandPayload<'lane:create'>,
  ctx: DecisionContext,
): Decision {
  const rank = rankAfterAll(orderedLanes(board).map((l) => l.rank));
  const lane = { id: ctx.newId(), name: cmd.name, rank };
  return accept([{ type: 'lane.created', lane }], lane.id);
}

/** Rename a swimlane. */
export function decideLaneUpdate(board: BoardState, cmd: CommandPayload<'lane:update'>): Decision {
  const lane = board.lanes.find((l) => l.id === cmd.laneId);
  if (!lane) return refuse(reject(ErrorCode.notFound, 'That swimlane no longer exists.', { laneId: cmd.laneId }));
  if (lane.name === cmd.name) return accept([]);
  return accept([{ type: 'lane.updated', laneId: lane.id, changes: { name: cmd.name } }]);
}
