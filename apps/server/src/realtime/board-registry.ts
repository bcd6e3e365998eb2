import { BoardRoom } from './board-room.ts';

/**
 * The board documents this node holds in memory, loaded on first use and unloaded when idle.
 * Unloading is always safe: storage holds every committed update, and the next use catches up.
 */
export class BoardRegistry {
  private readonly rooms = new Map<string, BoardRoom>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The room of a board, created empty if new; the caller brings it up to date from storage. */
  room(boardId: string): BoardRoom {
    let room = this.rooms.get(boardId);
    if (!room) {
      room = new BoardRoom(boardId, this.now);
      this.rooms.set(boardId, room);
    }
    room.lastUsed = this.now();
    return room;
  }

  /** Whether the board's document is in memory, without loading it. */
  has(boardId: string): boolean {
    return this.rooms.has(boardId);
  }

  /** The boards whose documents are in memory. */
  boardIds(): string[] {
    return [...this.rooms.keys()];
  }

  get size(): number {
    return this.rooms.size;
  }

  /** Drops rooms unused for `idleMs`; returns how many were unloaded. */
  unloadIdle(idleMs: number): number {
    let unloaded = 0;
    for (const [id, room] of this.rooms) {
      if (room.busy || this.now() - room.lastUsed < idleMs) continue;
      room.doc.destroy();
      this.rooms.delete(id);
      unloaded += 1;
    }
    return unloaded;
  }

  /** Forgets a deleted board; commands still queued on its room fail on the missing board. */
  drop(boardId: string): void {
    const room = this.rooms.get(boardId);
    if (room) room.stale = true;
    this.rooms.delete(boardId);
  }

  clear(): void {
    for (const room of this.rooms.values()) room.doc.destroy();
    this.rooms.clear();
  }
}
