import type { DocRoom } from './doc-room.ts';

/**
 * The documents of one kind this node holds in memory, loaded on first use and unloaded when
 * idle. Unloading is always safe: storage holds every committed update, and the next use catches up.
 */
export class DocRegistry<R extends DocRoom> {
  private readonly rooms = new Map<string, R>();

  constructor(
    private readonly create: (id: string, now: () => number) => R,
    private readonly now: () => number = Date.now,
  ) {}

  /** The room of a document, created empty if new; the caller brings it up to date from storage. */
  room(id: string): R {
    let room = this.rooms.get(id);
    if (!room) {
      room = this.create(id, this.now);
      this.rooms.set(id, room);
    }
    room.lastUsed = this.now();
    return room;
  }

  /** Whether the document is in memory, without loading it. */
  has(id: string): boolean {
    return this.rooms.has(id);
  }

  /** The rooms in memory. */
  list(): R[] {
    return [...this.rooms.values()];
  }

  get size(): number {
    return this.rooms.size;
  }

  /** Rooms unused for `quietMs` and not busy. */
  quiet(quietMs: number): R[] {
    return this.list().filter((room) => !room.busy && this.now() - room.lastUsed >= quietMs);
  }

  /** Drops rooms unused for `idleMs`; returns how many were unloaded. */
  unloadIdle(idleMs: number): number {
    let unloaded = 0;
    for (const room of this.quiet(idleMs)) {
      room.doc.destroy();
      this.rooms.delete(room.id);
      unloaded += 1;
    }
    return unloaded;
  }

  /** Forgets a deleted document; work still queued on its room fails on what is missing. */
  drop(id: string): void {
    const room = this.rooms.get(id);
    if (room) room.stale = true;
    this.rooms.delete(id);
  }

  clear(): void {
    for (const room of this.rooms.values()) room.doc.destroy();
    this.rooms.clear();
  }
}
