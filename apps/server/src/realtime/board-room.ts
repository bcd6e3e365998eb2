import type { BoardState } from '@obeya/domain';
import { readBoard } from '@obeya/sync';
import * as Y from 'yjs';

/**
 * This node's copy of one board document, with the sequence number of the last persisted update
 * it contains. Commands on one board run one at a time through `exclusive`.
 */
export class BoardRoom {
  doc = new Y.Doc();
  /** Sequence number of the last stored update applied to `doc`. */
  seq = 0;
  /** Stored update rows behind `doc`; compaction folds them into one. */
  rows = 0;
  /** Set when `doc` may hold a change that never committed: reload before the next use. */
  stale = false;
  /** When the room was last used (ms since epoch), so idle rooms can be unloaded. */
  lastUsed: number;
  private queue: Promise<unknown> = Promise.resolve();
  private running = 0;

  constructor(
    readonly boardId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.lastUsed = now();
  }

  /** True while work is queued or running on this room. */
  get busy(): boolean {
    return this.running > 0;
  }

  /** Applies stored updates in order; updates already contained are harmless (Yjs is idempotent). */
  applyStored(updates: ReadonlyArray<{ seq: number; data: Uint8Array }>): void {
    if (updates.length === 0) return;
    Y.transact(this.doc, () => {
      for (const u of updates) Y.applyUpdate(this.doc, u.data, 'storage');
    });
    this.seq = updates[updates.length - 1]?.seq ?? this.seq;
    this.rows += updates.length;
  }

  /** Forgets the in-memory document so the next catch-up rebuilds it from storage. */
  reset(): void {
    this.doc.destroy();
    this.doc = new Y.Doc();
    this.seq = 0;
    this.rows = 0;
    this.stale = false;
  }

  board(): BoardState {
    return readBoard(this.doc);
  }

  /** Runs `work` after every earlier call on this room has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.running += 1;
    const run = this.queue.then(work, work).finally(() => {
      this.running -= 1;
      this.lastUsed = this.now();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
