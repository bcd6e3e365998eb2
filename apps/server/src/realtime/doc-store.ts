import type { Transaction } from '@obeya/db';
import * as Y from 'yjs';
import type { StoredUpdate } from '../repositories/stored-update.ts';
import type { DocRoom } from './doc-room.ts';

/** Fold a document's update log into a snapshot once this many rows pile up behind it. */
export const COMPACT_AFTER_ROWS = 200;

/**
 * A document is started afresh when its history (what its snapshot holds beyond its content)
 * passes a share of its content, and `MIN_HISTORY_BYTES` so small boards are not restarted for a
 * few bytes. Every client then receives the whole document at once, so a busy document is started
 * afresh only past `BUSY_HISTORY_SHARE` (loads and first syncs within twice a new board's); a quiet
 * one (see `tidy`) past `QUIET_HISTORY_SHARE`, which keeps them within about 1.2 times.
 */
const BUSY_HISTORY_SHARE = 1;
const QUIET_HISTORY_SHARE = 0.2;
const MIN_HISTORY_BYTES = 8 * 1024;

/** Registers work to run only once the transaction committed. */
export type OnCommit = (fn: () => void) => void;

/** Where one kind of document keeps its update log (board_updates, card_content_updates). */
export interface UpdateLog<R extends DocRoom> {
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Serialises writers of the document across connections and nodes until `tx` ends. */
  lock(tx: Transaction, room: R): Promise<void>;
  /** Stored updates after `room.seq`, in order; inside `tx` when given. */
  load(tx: Transaction | null, room: R): Promise<StoredUpdate[]>;
  append(tx: Transaction, room: R, row: StoredUpdate): Promise<void>;
  /** Replaces every row up to `room.seq` with `row`. */
  compact(tx: Transaction, room: R, row: StoredUpdate): Promise<void>;
  /** Tells the other nodes, once `tx` commits, that the document has new rows. */
  notify(tx: Transaction, room: R): Promise<void>;
}

/**
 * Keeps in-memory documents and their stored update log in step: transactions whose failure
 * makes the room reload, catch-up from the log, appends and snapshot-plus-tail compaction. Shared
 * by board documents and card content documents.
 */
export class DocStore<R extends DocRoom> {
  constructor(
    private readonly log: UpdateLog<R>,
    /**
     * Told of every committed row this node's clients have not seen: what a catch-up applied, and
     * a fresh start (the commits of this node's own changes are announced by their callers).
     */
    private readonly announce: (room: R, row: StoredUpdate) => void,
    /**
     * Copies a document's content into a new document without its history; given, compaction
     * starts a document afresh when its history has grown (see `MAX_HISTORY_SHARE`). Only for
     * documents that clients never write, since their copies must be replaced.
     */
    private readonly freshCopy?: (doc: Y.Doc) => Y.Doc,
  ) {}

  /**
   * Runs one transaction for a room; callbacks registered through `onCommit` run only after it
   * committed. If it fails, the in-memory document may be ahead of storage, so it is rebuilt
   * before its next use.
   */
  async transact<T>(room: R, work: (tx: Transaction, onCommit: OnCommit) => Promise<T>): Promise<T> {
    const callbacks: Array<() => void> = [];
    try {
      const result = await this.log.transaction((tx) => work(tx, (fn) => callbacks.push(fn)));
      for (const fn of callbacks) fn();
      return result;
    } catch (err) {
      room.stale = true;
      throw err;
    }
  }

  lock(tx: Transaction, room: R): Promise<void> {
    return this.log.lock(tx, room);
  }

  /**
   * Brings the room up to date with what storage holds (another node may have written) and
   * reports what it applied: those updates are committed, and this node's clients have not seen
   * them. Whichever catch-up applies an update (a command's, a read's, a feed's) must be the one
   * to report it, since later ones find nothing new. Updates the room already holds, such as this
   * node's own commits, are never loaded again, so never sent twice; nor are those a stale room
   * reloads (every row up to its `seq` was reported when it was first applied).
   */
  async catchUp(tx: Transaction | null, room: R): Promise<void> {
    const seen = room.seq;
    if (room.stale) room.reset();
    const updates = await this.log.load(tx, room);
    room.applyStored(updates);
    for (const row of updates) if (row.seq > seen) this.announce(room, row);
  }

  /** Stores `update` (already applied to the room's document) as the room's next row. */
  async append(tx: Transaction, onCommit: OnCommit, room: R, update: Uint8Array): Promise<void> {
    const row = { seq: room.seq + 1, epoch: room.epoch, data: update };
    await this.log.append(tx, room, row);
    await this.log.notify(tx, room);
    onCommit(() => room.stored(row.seq, update.byteLength));
  }

  /**
   * Folds the room's rows into one snapshot row once enough piled up (or when `force`d), or into
   * the document started afresh when its history has grown past its content.
   */
  async compactIfDue(room: R, force = false): Promise<void> {
    if (!force && room.rows < COMPACT_AFTER_ROWS) return;
    await this.fold(room, BUSY_HISTORY_SHARE, true);
  }

  /**
   * For a document nobody has used for a while: starts it afresh if its history passed the quiet
   * share, now that sending every client the whole document holds up nobody's moves.
   */
  async tidy(room: R): Promise<void> {
    if (!this.freshCopy || room.tidiedAt === room.seq) return;
    // The stored rows' bytes bound the snapshot's from above: no need to encode it to know it is small.
    if (room.bytes - room.contentBytes > historyAllowed(room.contentBytes, QUIET_HISTORY_SHARE)) {
      await this.fold(room, QUIET_HISTORY_SHARE, false);
    }
    room.tidiedAt = room.seq;
  }

  /**
   * Starts the document afresh if its history passed `share` of its content; otherwise, when
   * `compact`, folds its rows into one snapshot row.
   */
  private async fold(room: R, share: number, compact: boolean): Promise<void> {
    await room.exclusive(() =>
      this.transact(room, async (tx, onCommit) => {
        await this.log.lock(tx, room);
        await this.catchUp(tx, room);
        const snapshot = Y.encodeStateAsUpdate(room.doc);
        const fresh = this.freshStart(room, snapshot.byteLength, share);
        if (!fresh) {
          if (!compact) return;
          await this.log.compact(tx, room, { seq: room.seq, epoch: room.epoch, data: snapshot });
          onCommit(() => room.compacted(snapshot.byteLength));
          return;
        }
        // The next seq, so other nodes load it; a new epoch, so they and every client replace
        // their copy instead of merging two documents whose items have different ids.
        const row = { seq: room.seq + 1, epoch: room.epoch + 1, data: fresh.update };
        await this.log.compact(tx, room, row);
        await this.log.notify(tx, room);
        onCommit(() => {
          room.startedAfresh(fresh.doc, row);
          this.announce(room, row);
        });
      }),
    );
  }

  /** The document started afresh, if its history has grown enough to be worth it. */
  private freshStart(room: R, snapshotBytes: number, share: number): { doc: Y.Doc; update: Uint8Array } | null {
    // A copy costs about twice the snapshot (some 30 ms for 2 000 cards): it is made only when
    // the snapshot has outgrown the content as last measured by more than the history allowed.
    const allowed = (contentBytes: number) => historyAllowed(contentBytes, share);
    if (!this.freshCopy || snapshotBytes - room.contentBytes <= allowed(room.contentBytes)) return null;
    const doc = this.freshCopy(room.doc);
    const update = Y.encodeStateAsUpdate(doc);
    room.contentBytes = update.byteLength;
    if (snapshotBytes - room.contentBytes > allowed(room.contentBytes)) return { doc, update };
    doc.destroy();
    return null;
  }
}

/** How many bytes of history a document of `contentBytes` may carry before it is started afresh. */
function historyAllowed(contentBytes: number, share: number): number {
  return Math.max(MIN_HISTORY_BYTES, share * contentBytes);
}
