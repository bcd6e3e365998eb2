import * as Y from 'yjs';
import type { StoredUpdate } from '../repositories/stored-update.ts';

/**
 * This node's copy of one persisted Yjs document (a board's structure, or a card's content), with
 * the sequence number of the last stored update it contains. Work on one document runs one at a
 * time through `exclusive`.
 */
export class DocRoom {
  doc = new Y.Doc();
  /** Sequence number of the last stored update applied to `doc`. */
  seq = 0;
  /** The start of the document `doc` belongs to (see `StoredUpdate`). */
  epoch = 0;
  /** Stored update rows behind `doc`; compaction folds them into one. */
  rows = 0;
  /** Bytes of those rows: what loading the document reads. */
  bytes = 0;
  /** Bytes of the document's content alone (without history) when last measured; 0: not yet. */
  contentBytes = 0;
  /** `seq` when the document was last tidied (see `DocStore.tidy`); null: not yet. */
  tidiedAt: number | null = null;
  /** Set when `doc` may hold a change that never committed: reload before the next use. */
  stale = false;
  /** When the room was last used (ms since epoch), so idle rooms can be unloaded. */
  lastUsed: number;
  private queue: Promise<unknown> = Promise.resolve();
  private running = 0;

  constructor(
    /** The document's key in storage: the board id, or the card id. */
    readonly id: string,
    private readonly now: () => number = Date.now,
  ) {
    this.lastUsed = now();
  }

  /** True while work is queued or running on this room. */
  get busy(): boolean {
    return this.running > 0;
  }

  /**
   * Applies stored updates in order; updates already contained are harmless (Yjs is idempotent).
   * Updates of a later epoch replace the document: a fresh start deletes every row before its own,
   * so what one load returns is of one epoch, and its first row is a whole document.
   */
  applyStored(updates: readonly StoredUpdate[]): void {
    const epoch = updates.at(-1)?.epoch;
    if (epoch === undefined) return;
    if (epoch !== this.epoch) this.replaceDoc(new Y.Doc(), epoch);
    Y.transact(this.doc, () => {
      for (const u of updates) Y.applyUpdate(this.doc, u.data, 'storage');
    });
    this.seq = updates[updates.length - 1]?.seq ?? this.seq;
    this.rows += updates.length;
    this.bytes += updates.reduce((n, u) => n + u.data.byteLength, 0);
  }

  /** Records one more stored row (committed) at `seq`. */
  stored(seq: number, bytes: number): void {
    this.seq = seq;
    this.rows += 1;
    this.bytes += bytes;
  }

  /** Records that the rows up to `seq` were folded into one snapshot of `bytes`. */
  compacted(bytes: number): void {
    this.rows = 1;
    this.bytes = bytes;
  }

  /** Takes `doc`, stored as the single row `row`, as the document's fresh start. */
  startedAfresh(doc: Y.Doc, row: StoredUpdate): void {
    this.replaceDoc(doc, row.epoch);
    this.stored(row.seq, row.data.byteLength);
    this.contentBytes = row.data.byteLength;
  }

  private replaceDoc(doc: Y.Doc, epoch: number): void {
    this.doc.destroy();
    this.doc = doc;
    this.epoch = epoch;
    this.rows = 0;
    this.bytes = 0;
    this.contentBytes = 0;
  }

  /** Forgets the in-memory document so the next catch-up rebuilds it from storage. */
  reset(): void {
    this.doc.destroy();
    this.doc = new Y.Doc();
    this.seq = 0;
    this.rows = 0;
    this.bytes = 0;
    this.stale = false;
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
