import type { CommandPayload } from './commands.ts';
import { accept, refuse, type Decision, type DecisionContext } from './decision.ts';
import { ErrorCode, reject } from './errors.ts';
import type { BoardEvent } from './events.ts';
import { findLimit } from './limits.ts';
import type { BoardState, LimitScope } from './model.ts';
import { orderedColumns } from './order.ts';

function notFound(what: string, details: Record<string, unknown>): Decision {
  return refuse(reject(ErrorCode.notFound, `That ${what} no longer exists.`, details));
}

/** Refuses a scope whose column, lane, group or person is unknown; names a new person. */
function checkScope(board: BoardState, scope: LimitScope, ctx: DecisionContext): Decision {
  const has = (list: Array<{ id: string }>, id: string) => list.some((x) => x.id === id);
  switch (scope.kind) {
    case 'column':
      return has(board.columns, scope.columnId) ? accept([]) : notFound('column', { columnId: scope.columnId });
    case 'lane':
      return has(board.lanes, scope.laneId) ? accept([]) : notFound('swimlane', { laneId: scope.laneId });
    case 'cell':
      if (!has(board.columns, scope.columnId)) return notFound('column', { columnId: scope.columnId });
      return has(board.lanes, scope.laneId) ? accept([]) : notFound('swimlane', { laneId: scope.laneId });
    case 'group':
      return has(board.groups, scope.groupId) ? accept([]) : notFound('column group', { groupId: scope.groupId });
    case 'person': {
      const name = ctx.members?.get(scope.userId);
      if (name === undefined) {
        return refuse(reject(ErrorCode.notFound, 'Limits can be set only for members of this board.', scope));
      }
      const known = board.people.find((p) => p.id === scope.userId)?.name === name;
      return accept(known ? [] : [{ type: 'person.named', person: { id: scope.userId, name } }]);
    }
  }
}

/**
 * Sets, changes or removes the limit of one scope. Lowering it below what the scope holds is
 * allowed: the scope then shows as over its limit and admits nothing until it is back under.
 */
export function decideLimitSet(board: BoardState, cmd: CommandPayload<'limit:set'>, ctx: DecisionContext): Decision {
  const current = findLimit(board, cmd.scope);
  if (cmd.max === null) {
    return accept(current ? [{ type: 'limit.set', scope: current.scope, limit: null }] : []);
  }
  if (current?.max === cmd.max && current.mode === cmd.mode) return accept([]);
  const checked = checkScope(board, cmd.scope, ctx);
  if (!checked.ok) return checked;
  return accept([...checked.events, { type: 'limit.set', scope: cmd.scope, limit: { max: cmd.max, mode: cmd.mode } }]);
}

/**
 * The columns in board order when they are adjacent and belong to no other group; otherwise a
 * refusal that says why.
 */
function groupColumns(board: BoardState, columnIds: string[], groupId: string | null): string[] | Decision {
  const columns = orderedColumns(board);
  const positions = [...new Set(columnIds)].map((id) => columns.findIndex((c) => c.id === id)).sort((a, b) => a - b);
  const missing = columnIds.find((id) => !columns.some((c) => c.id === id));
  if (missing !== undefined) return notFound('column', { columnId: missing });
  const first = positions[0] ?? 0;
  if (positions.length < 2 || positions.some((p, i) => p !== first + i)) {
    return refuse(reject(ErrorCode.invalidWorkflow, 'A column group must span two or more adjacent columns.'));
  }
  const ids = positions.map((p) => columns[p]?.id ?? '');
  const taken = board.groups.find((g) => g.id !== groupId && g.columnIds.some((id) => ids.includes(id)));
  if (taken) {
    return refuse(
      reject(ErrorCode.invalidWorkflow, `A column can be in only one group; ${taken.name} already has some of these.`, {
        groupId: taken.id,
      }),
    );
  }
  return ids;
}

/** Names a run of adjacent columns, which can then get one limit together. */
export function decideGroupCreate(
  board: BoardState,
  cmd: CommandPayload<'group:create'>,
  ctx: DecisionContext,
): Decision {
  const columnIds = groupColumns(board, cmd.columnIds, null);
  if (!Array.isArray(columnIds)) return columnIds;
  const group = { id: ctx.newId(), name: cmd.name, columnIds };
  return accept([{ type: 'group.created', group }], group.id);
}

export function decideGroupUpdate(board: BoardState, cmd: CommandPayload<'group:update'>): Decision {
  const group = board.groups.find((g) => g.id === cmd.groupId);
  if (!group) return notFound('column group', { groupId: cmd.groupId });
  const changes: { name?: string; columnIds?: string[] } = {};
  if (cmd.name !== undefined && cmd.name !== group.name) changes.name = cmd.name;
  if (cmd.columnIds !== undefined) {
    const columnIds = groupColumns(board, cmd.columnIds, group.id);
    if (!Array.isArray(columnIds)) return columnIds;
    if (columnIds.join() !== group.columnIds.join()) changes.columnIds = columnIds;
  }
  if (Object.keys(changes).length === 0) return accept([]);
  return accept([{ type: 'group.updated', groupId: group.id, changes }]);
}

/** Removes a group and its limit. */
export function decideGroupDelete(board: BoardState, cmd: CommandPayload<'group:delete'>): Decision {
  if (!board.groups.some((g) => g.id === cmd.groupId)) return notFound('column group', { groupId: cmd.groupId });
  const scope = { kind: 'group', groupId: cmd.groupId } as const;
  const events: BoardEvent[] = findLimit(board, scope) ? [{ type: 'limit.set', scope, limit: null }] : [];
  return accept([...events, { type: 'group.deleted', groupId: cmd.groupId }]);
}
