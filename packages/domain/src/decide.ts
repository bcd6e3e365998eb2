import type { Command } from './commands.ts';
import { decideCardArchive, decideCardCreate, decideCardMove, decideCardUpdate } from './decide-card.ts';
import {
  decideBoardUpdate,
  decideColumnCreate,
  decideColumnUpdate,
  decideLaneCreate,
  decideLaneUpdate,
} from './decide-structure.ts';
import type { Decision, DecisionContext } from './decision.ts';
import type { BoardState } from './model.ts';

/**
 * The referee: admits or refuses one command against the current board, and says what happened.
 * Pure: the same board, command and context always give the same decision.
 */
export function decide(board: BoardState, command: Command, ctx: DecisionContext): Decision {
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
    case 'card:create':
      return decideCardCreate(board, command, ctx);
    case 'card:update':
      return decideCardUpdate(board, command);
    case 'card:move':
      return decideCardMove(board, command);
    case 'card:archive':
      return decideCardArchive(board, command);
  }
}
