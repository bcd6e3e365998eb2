import type { CommandPayload } from './commands.ts';
import { accept, refuse, type Decision, type DecisionContext } from './decision.ts';
import { ErrorCode, reject } from './errors.ts';
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
  const card: Card = { id: ctx.newId(), title: cmd.title, columnId: cmd.columnId, laneId, rank, createdAt: ctx.now };
  return accept([{ type: 'card.created', card }], card.id);
}

/** Change a card's title. */
export function decideCardUpdate(board: BoardState, cmd: CommandPayload<'card:update'>): Decision {
  const card = board.cards.find((c) => c.id === cmd.cardId);
  if (!card) return cardNotFound(cmd.cardId);
  if (card.title === cmd.title) return accept([]);
  return accept([{ type: 'card.updated', cardId: card.id, changes: { title: cmd.title } }]);
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
export function decideCardMove(board: BoardState, cmd: CommandPayload<'card:move'>): Decision {
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
  return accept([
    {
      type: 'card.moved',
      cardId: card.id,
      from: { columnId: card.columnId, laneId: card.laneId },
      to: { columnId: cmd.toColumnId, laneId },
      rank,
    },
  ]);
}
