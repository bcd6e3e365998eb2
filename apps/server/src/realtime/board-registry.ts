import { BoardRoom } from './board-room.ts';
import { DocRegistry } from './doc-registry.ts';

/** The board documents this node holds in memory (see DocRegistry). */
export class BoardRegistry extends DocRegistry<BoardRoom> {
  constructor(now: () => number = Date.now) {
    super((id, clock) => new BoardRoom(id, clock), now);
  }

  /** The boards whose documents are in memory. */
  boardIds(): string[] {
    return this.list().map((room) => room.id);
  }
}
