import { admit, type Excess } from './admission.ts';
import type { CommandPayload } from './commands.ts';
import { accept, refuse, type Decision, type DecisionContext } from './decision.ts';
import { ErrorCode, reject } from './errors.ts';
import type { BoardEvent, CardChanges } from './events.ts';
import type { Placement } from './limits.ts';
import type { BoardState, Card } from './model.ts';
import { cardsInCell, orderedLanes } from './order.ts';
import { rankAfterAll, rankBetween } from './rank.ts';

function cardNotFound(cardId: string): Decision {
  return refuse(reject(ErrorCode.notFound, 'That card no longer exists.', { cardId }));
}

/** The lane a command names, or the board's first lane when it names none. */
function resolveLane(board: BoardState, laneId: string | undefined): string | Decision {
  if (laneId === undefined) {
    const first = orderedLanes(board)[0];
    if (!first) return refuse(reject(ErrorCode.notFound, 'This board has no swimlane to put the card in.'));
    return first.id;
  }
  if (!board.lanes.some((l) => l.id === laneId)) {
    return refuse(reject(ErrorCode.notFound, 'That swimlane no longer exists.', { laneId }));
  }
  return laneId;
}

/**
 * Runs the WIP admission for a card going from `from` to `to`; on admission returns `events`
 * followed by one `limit.exceeded` per soft limit the reason lets it exceed.
 */
function admitted(
  board: BoardState,
  change: { cardId: string; from: Placement | null; to: Placement; reason: string | undefined },
  ctx: DecisionContext,
  events: BoardEvent[],
  createdId?: string,
): Decision {
  const admission = admit(board, change.from, change.to, change.reason);
  if (!admission.ok) return refuse(admission.rejection);
  const breach = (e: Excess): BoardEvent => ({
    type: 'limit.exceeded',
    breach: {
      id: ctx.newId(),
      scope: e.limit.scope,
      cardId: change.cardId,
      count: e.count + 1,
      max: e.limit.max,
      reason: change.reason ?? '',
      by: ctx.actor,
      at: ctx.now,
    },
  });
  return accept([...events, ...admission.exceeded.map(breach)], createdId);
}

/** Add a card at the bottom of a cell. */
export function decideCardCreate(
  board: BoardState,
  cmd: CommandPayload<'card:create'>,
  ctx: DecisionContext,
): Decision {
  if (!board.columns.some((c) => c.id === cmd.columnId)) {
    return refuse(reject(ErrorCode.notFound, 'That column no longer exists.', { columnId: cmd.columnId }));
  }
  const laneId = resolveLane(board, cmd.laneId);
  if (typeof laneId !== 'string') return laneId;
  const rank = rankAfterAll(cardsInCell(board, cmd.columnId, laneId).map((c) => c.rank));
  const card: Card = {
    id: ctx.newId(),
    title: cmd.title,
    columnId: cmd.columnId,
    laneId,
    rank,
    createdAt: ctx.now,
    assignees: [],
    blocked: null,
  };
  const change = { cardId: card.id, from: null, to: card, reason: cmd.reason };
  return admitted(board, change, ctx, [{ type: 'card.created', card }], card.id);
}

/** Change a card's title, due date or labels; fields that would not change are left out of the event. */
export function decideCardUpdate(board: BoardState, cmd: CommandPayload<'card:update'>): Decision {
  const card = board.cards.find((c) => c.id === cmd.cardId);
  if (!card) return cardNotFound(cmd.cardId);
  const changes: CardChanges = {};
  if (cmd.title !== undefined && cmd.title !== card.title) changes.title = cmd.title;
  if (cmd.due !== undefined && cmd.due !== (card.due ?? null)) changes.due = cmd.due;
  if (cmd.labels !== undefined && !sameLabels(cmd.labels, card.labels ?? [])) changes.labels = cmd.labels;
  if (Object.keys(changes).length === 0) return accept([]);
  return accept([{ type: 'card.updated', cardId: card.id, changes }]);
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}

/** Take a card off the board; its history stays in the event log. */
export function decideCardArchive(board: BoardState, cmd: CommandPayload<'card:archive'>): Decision {
  const card = board.cards.find((c) => c.id === cmd.cardId);
  if (!card) return cardNotFound(cmd.cardId);
  return accept([{ type: 'card.archived', cardId: card.id, from: { columnId: card.columnId, laneId: card.laneId } }]);
}

interface Neighbours {
  above: Card | null;
  below: Card | null;
}

/** Where in the target cell the card goes, from the neighbours the mover named. */
function neighbours(list: Card[], cmd: CommandPayload<'card:move'>): Neighbours | null {
  const at = (id: string) => list.findIndex((c) => c.id === id);
  const after = cmd.afterCardId === undefined ? undefined : at(cmd.afterCardId);
  const before = cmd.beforeCardId === undefined ? undefined : at(cmd.beforeCardId);
  if (after === -1 || before === -1) return null;
  if (after !== undefined && before !== undefined) {
    if (after >= before) return null;
    return { above: list[after] ?? null, below: list[before] ?? null };
  }
  if (after !== undefined) return { above: list[after] ?? null, below: list[after + 1] ?? null };
  if (before !== undefined) return { above: list[before - 1] ?? null, below: list[before] ?? null };
  return { above: list.at(-1) ?? null, below: null };
}

/** Move a card to another column, lane or position. */
export function decideCardMove(board: BoardState, cmd: CommandPayload<'card:move'>, ctx: DecisionContext): Decision {
  const card = board.cards.find((c) => c.id === cmd.cardId);
  if (!card) return cardNotFound(cmd.cardId);
  if (!board.columns.some((c) => c.id === cmd.toColumnId)) {
    return refuse(reject(ErrorCode.notFound, 'The target column no longer exists.', { columnId: cmd.toColumnId }));
  }
  const laneId = resolveLane(board, cmd.toLaneId ?? card.laneId);
  if (typeof laneId !== 'string') return laneId;

  const cell = cardsInCell(board, cmd.toColumnId, laneId);
  const others = cell.filter((c) => c.id !== card.id);
  const place = neighbours(others, cmd);
  if (!place) {
    return refuse(
      reject(ErrorCode.invalidPosition, 'The cards next to the drop place have moved; try again.', {
        beforeCardId: cmd.beforeCardId,
        afterCardId: cmd.afterCardId,
      }),
    );
  }
  const sameCell = card.columnId === cmd.toColumnId && card.laneId === laneId;
  if (sameCell) {
    const i = cell.findIndex((c) => c.id === card.id);
    if ((cell[i - 1] ?? null) === place.above && (cell[i + 1] ?? null) === place.below) return accept([]);
  }
  const rank = rankBetween(place.above?.rank ?? null, place.below?.rank ?? null);
  const to = { columnId: cmd.toColumnId, laneId };
  const moved: BoardEvent = {
    type: 'card.moved',
    cardId: card.id,
    from: { columnId: card.columnId, laneId: card.laneId },
    to,
    rank,
  };
  const change = { cardId: card.id, from: card, to: { ...to, assignees: card.assignees }, reason: cmd.reason };
  return admitted(board, change, ctx, [moved]);
}

/**
 * Set who works on a card. New assignees must be members of the board; someone already on the
 * card stays assignable after leaving the board, so removing others never fails on them.
 */
export function decideCardAssign(
  board: BoardState,
  cmd: CommandPayload<'card:assign'>,
  ctx: DecisionContext,
): Decision {
  const card = board.cards.find((c) => c.id === cmd.cardId);
  if (!card) return cardNotFound(cmd.cardId);
  const assignees = [...new Set(cmd.assignees)];
  const named: BoardEvent[] = [];
  for (const id of assignees) {
    if (card.assignees.includes(id)) continue;
    const name = ctx.members?.get(id);
    if (name === undefined) {
      return refuse(reject(ErrorCode.notFound, 'Only members of this board can be assigned.', { userId: id }));
    }
    if (board.people.find((p) => p.id === id)?.name !== name)
      named.push({ type: 'person.named', person: { id, name } });
  }
  const same = assignees.length === card.assignees.length && assignees.every((id) => card.assignees.includes(id));
  if (same) return accept([]);
  const change = { cardId: card.id, from: card, to: { ...card, assignees }, reason: cmd.reason };
  return admitted(board, change, ctx, [...named, { type: 'card.assigned', cardId: card.id, assignees }]);
}

/**
 * Block a card with a reason and one of the eight wastes. Blocking a blocked card with another
 * reason ends that interval and starts a new one; the same reason again changes nothing.
 */
export function decideCardBlock(board: BoardState, cmd: CommandPayload<'card:block'>, ctx: DecisionContext): Decision {
  const card = board.cards.find((c) => c.id === cmd.cardId);
  if (!card) return cardNotFound(cmd.cardId);
  if (card.blocked?.reason === cmd.reason && card.blocked.waste === cmd.waste) return accept([]);
  const blocker = { reason: cmd.reason, waste: cmd.waste, since: ctx.now, by: ctx.actor };
  return accept([{ type: 'card.blocked', cardId: card.id, blocker }]);
}

/** Unblock a card; an unblocked card stays as it is. */
export function decideCardUnblock(board: BoardState, cmd: CommandPayload<'card:unblock'>): Decision {
  const card = board.cards.find((c) => c.id === cmd.cardId);
  if (!card) return cardNotFound(cmd.cardId);
  return accept(card.blocked ? [{ type: 'card.unblocked', cardId: card.id }] : []);
}
