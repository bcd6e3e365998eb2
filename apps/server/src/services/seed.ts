import { demoBoardEvents } from '@obeya/domain';
import type { BoardService } from './board-service.ts';

export const DEMO_BOARD_NAME = 'Team board';

/**
 * On a fresh install, creates the demo board so there is something real to look at. It has no
 * members until the first person signs up and becomes its admin.
 */
export async function seedDemoBoard(boards: BoardService): Promise<boolean> {
  if ((await boards.countBoards()) > 0) return false;
  await boards.createBoard(DEMO_BOARD_NAME, 'team', { actor: { id: 'system', name: 'Obeya' } }, demoBoardEvents);
  return true;
}
