import type { Transaction } from '@obeya/db';
import * as Y from 'yjs';
import type { StoredUpdate } from '../repositories/stored-update.ts';
import type { DocRoom } from './doc-room.ts';

/** Fold a document's update log into a snapshot once this many rows pile up behind it. */
export const COMPACT_AFTER_ROWS = 200;

/** Registers work to run only once the transaction committed. */
export type OnCommit = (fn: () => void) => void;

/** Where one kind of document keeps its update log (board_updates, card_content_updates). */
export interface UpdateLog<R extends DocRoom> {
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Serialises writers of the document across connections and nodes until `tx` ends. */
  lock(tx: Transaction, room: R): Promise<void>;
  /** Stored updates after `room.seq`, in order; inside `tx` when given. */
  load(tx: Transaction | null, room: R): Promise<StoredUpdate[]>;
  append(tx: Transaction, room: R, seq: number, update: Uint8Array): Promise<void>;
  /** Replaces every row up to `room.seq` with one snapshot row at `room.seq`. */
  compact(tx: Transaction, room: R, snapshot: Uint8Array): Promise<void>;
}

/**
 * Keeps in-memory documents and their stored update log in step: transactions whose failure
 * makes the room reload, catch-up from the log, appends and snapshot-plus-tail compaction. Shared
 * by board documents and card content documents.
 */
export class DocStore<R extends DocRoom> {
  constructor(
    private readonly log: UpdateLog<R>,
    /** Told of every update a catch-up applied: committed, and not yet seen by this node's clients. */
    private readonly caughtUp: (room: R, update: Uint8Array) => void,
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
    for (const { seq, data } of updates) if (seq > seen) this.caughtUp(room, data);
  }

  /** Stores `update` (already applied to the room's document) as the room's next row. */
  async append(tx: Transaction, onCommit: OnCommit, room: R, update: Uint8Array): Promise<void> {
    const seq = room.seq + 1;
    await this.log.append(tx, room, seq, update);
    onCommit(() => room.stored(seq, update.byteLength));
  }

  /** Folds the room's rows into one snapshot row once enough piled up (or when `force`d). */
  async compactIfDue(room: R, force = false): Promise<void> {
    if (!force && room.rows < COMPACT_AFTER_ROWS) return;
    await room.exclusive(() =>
      this.transact(room, async (tx, onCommit) => {
        await this.log.lock(tx, room);
        await this.catchUp(tx, room);
        const snapshot = Y.encodeStateAsUpdate(room.doc);
        await this.log.compact(tx, room, snapshot);
        onCommit(() => room.compacted(snapshot.byteLength));
      }),
    );
  }
}
