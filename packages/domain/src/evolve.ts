import type { BoardEvent } from './events.ts';
import { scopeKey } from './limits.ts';
import type { BoardState } from './model.ts';

/** A board with nothing on it, the state before `board.created`. */
export const emptyBoard: BoardState = {
  id: '',
  name: '',
  startColumnId: null,
  sleDays: null,
  slePercent: null,
  sleWindowDays: null,
  finishColumnId: null,
  columns: [],
  lanes: [],
  cards: [],
  groups: [],
  limits: [],
  breaches: [],
  people: [],
};

type WithId = { id: string };

function patch<T extends WithId>(list: T[], id: string, changes: Partial<T>): T[] {
  return list.map((x) => (x.id === id ? { ...x, ...changes } : x));
}

function upsert<T extends WithId>(list: T[], item: T): T[] {
  return list.some((x) => x.id === item.id) ? patch(list, item.id, item) : [...list, item];
}

/**
 * The board after one event: the plain-object twin of the board document's `applyEvent` (sync
 * package). The rules use it to look one step ahead; a test keeps the two in agreement.
 */
export function evolve(board: BoardState, event: BoardEvent): BoardState {
  switch (event.type) {
    case 'board.created':
      return { ...board, ...event.board };
    case 'board.updated':
      return { ...board, ...event.changes };
    case 'column.created':
      return { ...board, columns: [...board.columns, event.column] };
    case 'column.updated':
      return { ...board, columns: patch(board.columns, event.columnId, event.changes) };
    case 'lane.created':
      return { ...board, lanes: [...board.lanes, event.lane] };
    case 'lane.updated':
      return { ...board, lanes: patch(board.lanes, event.laneId, event.changes) };
    case 'card.created':
      return { ...board, cards: [...board.cards, event.card] };
    case 'card.updated':
      return { ...board, cards: patch(board.cards, event.cardId, event.changes) };
    case 'card.moved':
      return { ...board, cards: patch(board.cards, event.cardId, { ...event.to, rank: event.rank }) };
    case 'card.archived':
      return { ...board, cards: board.cards.filter((c) => c.id !== event.cardId) };
    case 'card.assigned':
      return { ...board, cards: patch(board.cards, event.cardId, { assignees: event.assignees }) };
    case 'card.blocked':
      return { ...board, cards: patch(board.cards, event.cardId, { blocked: event.blocker }) };
    case 'card.unblocked':
      return { ...board, cards: patch(board.cards, event.cardId, { blocked: null }) };
    case 'person.named':
      return { ...board, people: upsert(board.people, event.person) };
    case 'group.created':
      return { ...board, groups: [...board.groups, event.group] };
    case 'group.updated':
      return { ...board, groups: patch(board.groups, event.groupId, event.changes) };
    case 'group.deleted':
      return { ...board, groups: board.groups.filter((g) => g.id !== event.groupId) };
    case 'limit.set': {
      const key = scopeKey(event.scope);
      const others = board.limits.filter((l) => scopeKey(l.scope) !== key);
      const limits = event.limit ? [...others, { scope: event.scope, ...event.limit }] : others;
      return { ...board, limits };
    }
    case 'limit.exceeded':
      return { ...board, breaches: [...board.breaches, event.breach] };
    case 'breach.ended':
      return { ...board, breaches: board.breaches.filter((b) => b.id !== event.breachId) };
  }
}

export function evolveAll(board: BoardState, events: readonly BoardEvent[]): BoardState {
  return events.reduce(evolve, board);
}
