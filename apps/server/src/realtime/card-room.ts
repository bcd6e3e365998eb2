import { ErrorCode, MAX_DESCRIPTION_LENGTH } from '@obeya/domain';
import { descriptionLength, hasForeignContent, touchesOnlyDescription } from '@obeya/sync';
import * as Y from 'yjs';
import { AppError } from '../errors.ts';
import { DocRegistry } from './doc-registry.ts';
import { DocRoom } from './doc-room.ts';

const outOfStep = () =>
  new AppError({
    code: ErrorCode.invalidPayload,
    message: 'That edit is out of step with the card (it depends on changes the server never got): reopen the card.',
  });

const notAnUpdate = () =>
  new AppError({ code: ErrorCode.invalidPayload, message: 'That edit is not a valid Yjs update.' });

/** Whether the update carries what a description cannot hold; garbage is refused here too. */
function foreign(update: Uint8Array): boolean {
  try {
    return hasForeignContent(update);
  } catch {
    throw notAnUpdate();
  }
}

/** True when the transaction added or deleted anything. */
function changedAnything(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if ((tr.beforeState.get(client) ?? 0) !== clock) return true;
  return false;
}

/**
 * This node's copy of one card's content document (description and comments). Browsers write
 * the description only; the server writes comments. A refused update has usually already reached
 * `doc` (Yjs cannot take one back), so whoever refuses it marks the room stale to rebuild it.
 */
export class CardRoom extends DocRoom {
  /** The board the card is on, once checked. */
  boardId: string | null = null;
  /** When each person's edits last logged a `card.described` event (ms); survives reloads of `doc`. */
  readonly described = new Map<string, number>();

  /**
   * Applies a browser's Yjs update if it writes the description and nothing else, depends on
   * nothing the server lacks, and keeps the description within its limit; otherwise throws (the
   * caller then rebuilds the room). Returns whether it changed anything.
   */
  applyClientUpdate(update: Uint8Array): boolean {
    if (foreign(update)) {
      throw new AppError({
        code: ErrorCode.invalidPayload,
        message: 'A description holds text and formatting only (no shared types, sub-documents or binary).',
      });
    }
    let transaction: Y.Transaction | null = null;
    try {
      this.doc.transact((tr) => {
        transaction = tr;
        Y.applyUpdate(this.doc, update, 'client');
      }, 'client');
    } catch {
      throw notAnUpdate();
    }
    // Set by the callback above, which `transact` always runs.
    const tr = transaction as unknown as Y.Transaction;
    if (!touchesOnlyDescription(this.doc, tr)) {
      throw new AppError({
        code: ErrorCode.invalidPayload,
        message: 'An edit may change the description only (comments are added through comment:add).',
      });
    }
    // Parts whose dependencies are missing wait in the store: applying them later would be a
    // change nobody checked, and the sender's replica has diverged anyway.
    if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) throw outOfStep();
    const length = descriptionLength(this.doc);
    if (length > MAX_DESCRIPTION_LENGTH) {
      throw new AppError({
        code: ErrorCode.payloadTooLarge,
        message: `A description can be at most ${MAX_DESCRIPTION_LENGTH} characters long.`,
        details: { max: MAX_DESCRIPTION_LENGTH, length },
      });
    }
    return changedAnything(tr);
  }

  /** Runs a server-side change of the document and returns the update it made, if any. */
  change(write: (doc: Y.Doc) => void): Uint8Array | null {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => {
      update = update === null ? u : Y.mergeUpdates([update, u]);
    };
    this.doc.on('update', capture);
    try {
      this.doc.transact(() => write(this.doc), 'server');
    } finally {
      this.doc.off('update', capture);
    }
    return update;
  }
}

/** The card content documents this node holds in memory (see DocRegistry). */
export class CardRegistry extends DocRegistry<CardRoom> {
  constructor(now: () => number = Date.now) {
    super((id, clock) => new CardRoom(id, clock), now);
  }
}
