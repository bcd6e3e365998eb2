import * as Y from 'yjs';
import type { JoinAck } from './protocol.ts';
import { applySyncMessage, encodeSyncStep1, type Bytes } from './sync-messages.ts';

export type JoinRequest = { boardId: string; epoch: number; syncStep1: Uint8Array };

/**
 * A client's copy of one board document. The server now and then starts a board's document
 * afresh from its current content, to shed the history Yjs keeps of every overwritten value
 * (see `freshBoardDoc`); each start is a new epoch. A message of a later epoch than the copy's
 * replaces the copy with a new document (the server makes the first message of an epoch a whole
 * state); a message of an earlier epoch is late, and what it carried is in the later one already.
 */
export class BoardReplica {
  #doc = new Y.Doc();
  #epoch = 0;

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
    const ack = await send({ boardId, epoch: this.#epoch, syncStep1: encodeSyncStep1(this.#doc) });
    if (ack.ok) this.apply(ack.epoch, ack.syncStep2);
    return ack;
  }

  /** Applies a sync message (a join's step 2, or a `board:synced` update) of `epoch`. */
  apply(epoch: number, message: Bytes): void {
    if (epoch < this.#epoch) return;
    if (epoch > this.#epoch) {
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
