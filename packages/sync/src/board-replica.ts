import * as Y from 'yjs';
import type { JoinAck } from './protocol.ts';
import { applySyncMessage, encodeSyncStep1, type Bytes } from './sync-messages.ts';

export type JoinRequest = { boardId: string; epoch: number; syncStep1: Uint8Array };

/**
 * A client's copy of one board document. The server now and then starts a board's document
 * afresh from its current content, to shed the history Yjs keeps of every overwritten value
 * (see `freshBoardDoc`); each start is a new epoch. A message of a later epoch than the copy's
 * replaces the copy with a new document (on a joined connection the first message of an epoch is
 * the whole document); a message of an earlier epoch is late, and what it carried is in the later
 * one already. While a join is answered, messages are held back: the server may send changes
 * before the answer, and only the answer says which document they belong to.
 */
export class BoardReplica {
  #doc = new Y.Doc();
  #epoch = 0;
  #joining = 0;
  #held: Array<{ epoch: number; message: Bytes }> = [];

  /** `changed` runs after every change to the copy, including its replacement. */
  constructor(private readonly changed: (doc: Y.Doc) => void = () => undefined) {
    this.#watch();
  }

  get doc(): Y.Doc {
    return this.#doc;
  }

  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Joins the board: sends what the copy holds (its epoch and state vector) and applies what the
   * server answers is missing. Used on every (re)connect with the same copy, so a reconnect
   * transfers only what the copy lacks, or the whole board if it started afresh meanwhile.
   */
  async join(send: (request: JoinRequest) => Promise<JoinAck>, boardId: string): Promise<JoinAck> {
    this.#joining += 1;
    let ack: JoinAck | null = null;
    try {
      ack = await send({ boardId, epoch: this.#epoch, syncStep1: encodeSyncStep1(this.#doc) });
      return ack;
    } finally {
      this.#joining -= 1;
      // The answer is the server's document: its epoch is the copy's from now on, whatever it was.
      if (ack?.ok) this.#take(ack.epoch, ack.syncStep2, ack.epoch !== this.#epoch);
      if (this.#joining === 0) this.#release(ack?.ok === true);
    }
  }

  /** Applies a `board:synced` message of `epoch` (held back while a join is answered). */
  apply(epoch: number, message: Bytes): void {
    if (this.#joining > 0) this.#held.push({ epoch, message });
    else if (epoch >= this.#epoch) this.#take(epoch, message, epoch > this.#epoch);
  }

  /**
   * Applies the messages held back during a join. After a refused or unanswered join, only those
   * of the copy's own epoch are safe to apply; the next join brings the rest.
   */
  #release(joined: boolean): void {
    const held = this.#held;
    this.#held = [];
    for (const { epoch, message } of held) {
      if (epoch === this.#epoch || (joined && epoch > this.#epoch)) this.#take(epoch, message, epoch > this.#epoch);
    }
  }

  #take(epoch: number, message: Bytes, replace: boolean): void {
    if (replace) {
      this.#doc.destroy();
      this.#doc = new Y.Doc();
      this.#epoch = epoch;
      this.#watch();
    }
    applySyncMessage(this.#doc, message);
  }

  destroy(): void {
    this.#doc.destroy();
  }

  #watch(): void {
    const doc = this.#doc;
    doc.on('update', () => this.changed(doc));
  }
}
