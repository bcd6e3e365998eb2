import { cardContentUpdates, events } from '@obeya/db';
import {
  applySyncMessage,
  decodeAwarenessUpdate,
  descriptionOf,
  encodeAwarenessEntries,
  encodeSyncStep1,
  readComments,
  type AwarenessEntry,
  type CardOpenAck,
  type CommandAck,
} from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { RunningServer, TestClient } from './helpers.ts';

/**
 * A browser's replica of one card's content, over a TestClient's connection: opens the card
 * (sync step 1 and 2), sends its description edits, applies what the server broadcasts, and
 * records the awareness updates it receives.
 */
export class CardReplica {
  doc = new Y.Doc();
  /** Update messages received for this card (`card:synced`). */
  synced = 0;
  /** Awareness entries received for this card, in order. */
  readonly awareness: AwarenessEntry[] = [];
  opened: Extract<CardOpenAck, { ok: true }> | null = null;

  constructor(
    readonly client: TestClient,
    readonly cardId: string,
  ) {
    client.socket.on('card:synced', ({ cardId, message }) => {
      if (cardId !== this.cardId) return;
      this.synced += 1;
      applySyncMessage(this.doc, message);
    });
    client.socket.on('card:awareness', ({ cardId, update }) => {
      if (cardId === this.cardId) this.awareness.push(...decodeAwarenessUpdate(update));
    });
  }

  get boardId(): string {
    return this.client.boardId;
  }

  /** Opens the card: applies the server's reply and remembers its state vector and awareness. */
  async open(): Promise<CardOpenAck> {
    const ack = await this.client.socket.emitWithAck('card:open', {
      boardId: this.boardId,
      cardId: this.cardId,
      syncStep1: encodeSyncStep1(this.doc),
    });
    if (ack.ok) {
      applySyncMessage(this.doc, ack.syncStep2);
      this.opened = ack;
      this.awareness.push(...decodeAwarenessUpdate(ack.awareness));
    }
    return ack;
  }

  close(): void {
    this.client.socket.emit('card:close', { boardId: this.boardId, cardId: this.cardId });
  }

  /** Changes the local description and returns the Yjs update that made, without sending it. */
  type(change: (text: Y.Text) => void): Uint8Array {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = update === null ? u : Y.mergeUpdates([update, u]));
    this.doc.on('update', capture);
    this.doc.transact(() => change(descriptionOf(this.doc)));
    this.doc.off('update', capture);
    if (update === null) throw new Error('the change changed nothing');
    return update;
  }

  /** Sends an update as `card:edit`. */
  send(update: Uint8Array): Promise<CommandAck> {
    return this.client.socket.emitWithAck('card:edit', { boardId: this.boardId, cardId: this.cardId, update });
  }

  /** Changes the local description and sends the change. */
  edit(change: (text: Y.Text) => void): Promise<CommandAck> {
    return this.send(this.type(change));
  }

  /** Sends an awareness update with the given entries. */
  sendAwareness(entries: AwarenessEntry[]): void {
    this.client.socket.emit('card:awareness', {
      boardId: this.boardId,
      cardId: this.cardId,
      update: encodeAwarenessEntries(entries),
    });
  }

  comment(body: string, opId: string = randomUUID()): Promise<CommandAck> {
    return this.client.socket.emitWithAck('comment:add', { opId, boardId: this.boardId, cardId: this.cardId, body });
  }

  editComment(commentId: string, body: string, opId: string = randomUUID()): Promise<CommandAck> {
    return this.client.socket.emitWithAck('comment:edit', {
      opId,
      boardId: this.boardId,
      cardId: this.cardId,
      commentId,
      body,
    });
  }

  text(): string {
    return descriptionOf(this.doc).toString();
  }

  comments() {
    return readComments(this.doc);
  }
}

/** What storage holds for a card: its content rows and its events. */
export async function storedContent(server: RunningServer, cardId: string) {
  const { db } = server.database;
  const rows = await db
    .select({ seq: cardContentUpdates.seq, data: cardContentUpdates.data })
    .from(cardContentUpdates)
    .where(eq(cardContentUpdates.cardId, cardId))
    .orderBy(asc(cardContentUpdates.seq));
  const log = await db
    .select({ type: events.type, actor: events.actor, payload: events.payload })
    .from(events)
    .where(eq(events.cardId, cardId))
    .orderBy(asc(events.id));
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, row.data);
  return {
    rows: rows.map((r) => ({ seq: r.seq, bytes: Buffer.from(r.data).toString('base64') })),
    events: log,
    text: descriptionOf(doc).toString(),
    comments: readComments(doc),
  };
}
