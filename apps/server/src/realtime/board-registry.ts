import { BoardRoom } from './board-room.ts';

/** The board documents this node holds in memory, loaded on first use. */
export class BoardRegistry {
  private readonly rooms = new Map<string, BoardRoom>();

  /** The room of a board, created empty if new; the caller brings it up to date from storage. */
  room(boardId: string): BoardRoom {
    let room = this.rooms.get(boardId);
    if (!room) {
      room = new BoardRoom(boardId);
      this.rooms.set(boardId, room);
    }
    return room;
  }

  get size(): number {
    return this.rooms.size;
  }

  clear(): void {
    for (const room of this.rooms.values()) room.doc.destroy();
    this.rooms.clear();
  }
}
