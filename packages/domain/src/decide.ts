import type { Command } from './commands.ts';
import {
  decideCardArchive,
  decideCardAssign,
  decideCardBlock,
  decideCardCreate,
  decideCardMove,
  decideCardUnblock,
  decideCardUpdate,
} from './decide-card.ts';
import { decideGroupCreate, decideGroupDelete, decideGroupUpdate, decideLimitSet } from './decide-limits.ts';
import {
  decideBoardUpdate,
  decideColumnCreate,
  decideColumnUpdate,
  decideLaneCreate,
  decideLaneUpdate,
} from './decide-structure.ts';
import type { Decision, DecisionContext } from './decision.ts';
import type { BoardEvent } from './events.ts';
import { evolveAll } from './evolve.ts';
import { findLimit, scopeCount, scopeTest } from './limits.ts';
import type { BoardState } from './model.ts';

function decideCommand(board: BoardState, command: Command, ctx: DecisionContext): Decision {
  switch (command.type) {
    case 'board:update':
      return decideBoardUpdate(board, command);
    case 'column:create':
      return decideColumnCreate(board, command, ctx);
    case 'column:update':
      return decideColumnUpdate(board, command);
    case 'lane:create':
      return decideLaneCreate(board, command, ctx);
    case 'lane:update':
      return decideLaneUpdate(board, command);
    case 'limit:set':
      return decideLimitSet(board, command, ctx);
    case 'group:create':
      return decideGroupCreate(board, command, ctx);
    case 'group:update':
      return decideGroupUpdate(board, command);
    case 'group:delete':
      return decideGroupDelete(board, command);
    case 'card:create':
      return decideCardCreate(board, command, ctx);
    case 'card:update':
      return decideCardUpdate(board, command);
    case 'card:move':
      return decideCardMove(board, command, ctx);
    case 'card:assign':
      return decideCardAssign(board, command, ctx);
    case 'card:archive':
      return decideCardArchive(board, command);
    case 'card:block':
      return decideCardBlock(board, command, ctx);
    case 'card:unblock':
      return decideCardUnblock(board, command);
  }
}

/**
 * The breaches a change ends: those whose scope is back within its limit, whose limit was
 * removed, or whose card left the scope.
 */
function endedBreaches(after: BoardState): BoardEvent[] {
  const test = scopeTest(after);
  return after.breaches
    .filter((breach) => {
      const limit = findLimit(after, breach.scope);
      const card = after.cards.find((c) => c.id === breach.cardId);
      return !limit || !card || !test(breach.scope, card) || scopeCount(after, breach.scope, test) <= limit.max;
    })
    .map((breach) => ({ type: 'breach.ended', breachId: breach.id, cardId: breach.cardId }));
}

/**
 * The referee: admits or refuses one command against the current board, and says what happened.
 * Pure: the same board, command and context always give the same decision.
 */
export function decide(board: BoardState, command: Command, ctx: DecisionContext): Decision {
  const decision = decideCommand(board, command, ctx);
  if (!decision.ok || decision.events.length === 0 || board.breaches.length === 0) return decision;
  const ended = endedBreaches(evolveAll(board, decision.events));
  return ended.length === 0 ? decision : { ...decision, events: [...decision.events, ...ended] };
}
