import { Role } from '@obeya/domain';
import { blockedCardsOf, byLongestBlocked, type BlockedCard } from '@obeya/sync';
import type { BoardRepository } from '../repositories/board-repository.ts';
import type { AccessService } from './access-service.ts';
import type { BoardService } from './board-service.ts';
import type { Principal } from './principal.ts';

/** Blocked work across every board a person (or a wall screen) may see. */
export class BlockedWorkService {
  constructor(
    private readonly repo: BoardRepository,
    private readonly boards: BoardService,
    private readonly access: AccessService,
  ) {}

  /** Every blocked card the principal may see, the longest blocked first. */
  async list(principal: Principal): Promise<BlockedCard[]> {
    const boardIds =
      principal.kind === 'wall' ? [principal.wall.boardId] : (await this.access.listBoards(principal)).map((b) => b.id);
    const boards = await Promise.all(boardIds.map((id) => this.boards.getBoard(id)));
    return boards.flatMap(blockedCardsOf).sort(byLongestBlocked);
  }

  /** The reasons cards on this board were blocked for, most frequent first, to offer again. */
  async reasons(principal: Principal, boardId: string): Promise<string[]> {
    await this.access.require(principal, boardId, Role.viewer);
    return this.repo.blockerReasons(boardId);
  }
}
