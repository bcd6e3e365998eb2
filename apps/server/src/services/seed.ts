import { demoBoardHistory, type Actor, type BoardSummary, type DemoHistoryOptions } from '@obeya/domain';
import type { BoardService } from './board-service.ts';

export const DEMO_BOARD_NAME = 'Team board';

/** Who made what the server made by itself (the demo board): named in a card's activity. */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'Obeya' };

/**
 * Creates a board like the demo board with `history.days` of simulated flow ending at the
 * service's clock: the fresh install's demo, and any test or benchmark that needs a long history
 * (a year at pace 14 finishes some 5 000 cards). The owner, when given, becomes its admin.
 */
export function createSimulatedBoard(
  boards: BoardService,
  name: string,
  history: DemoHistoryOptions,
  by: { actor: Actor; owner?: string } = { actor: SYSTEM_ACTOR },
): Promise<BoardSummary> {
  return boards.createBoardWithHistory(name, by, (board, ctx) => demoBoardHistory(board, ctx, history));
}

/**
 * On a fresh install, creates the demo board with some months of history, so every chart has
 * something to show. It has no members until the first person signs up and becomes its admin.
 */
export async function seedDemoBoard(boards: BoardService, history: DemoHistoryOptions): Promise<boolean> {
  if ((await boards.countBoards()) > 0) return false;
  await createSimulatedBoard(boards, DEMO_BOARD_NAME, history);
  return true;
}
