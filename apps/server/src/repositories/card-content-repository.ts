import { cardContentUpdates, events, users, type Database, type Transaction } from '@obeya/db';
import type { CardContentEvent } from '@obeya/domain';
import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import { BOARD_UPDATES_CHANNEL } from './board-repository.ts';
import type { StoredUpdate } from './stored-update.ts';
import { toIso } from './timestamps.ts';

/** Notifications on BOARD_UPDATES_CHANNEL about a card's content carry this before the card id. */
export const CARD_NOTIFICATION_PREFIX = 'card:';

/** A stored event about a card, with its actor's account name (null when there is no such account). */
export interface CardEventRow {
  id: number;
  at: string;
  actorId: string;
  actorName: string | null;
  payload: unknown;
}

/** The only code that reads or writes card content documents and a card's activity. */
export class CardContentRepository {
  constructor(private readonly db: Database) {}

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Serialises writers of one card's content across connections and nodes until the transaction
   * ends. The key is prefixed so it never equals a board's lock key.
   */
  async lockCard(tx: Transaction, cardId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`card:${cardId}`}, 0))`);
  }

  /** Updates of the card's content after `afterSeq`, in order; inside `tx` when given. */
  async loadUpdates(tx: Transaction | null, cardId: string, afterSeq: number): Promise<StoredUpdate[]> {
    return (
      (tx ?? this.db)
        // Card documents are edited by clients too, so never started afresh: always epoch 0.
        .select({ seq: cardContentUpdates.seq, epoch: sql<number>`0`, data: cardContentUpdates.data })
        .from(cardContentUpdates)
        .where(and(eq(cardContentUpdates.cardId, cardId), gt(cardContentUpdates.seq, afterSeq)))
        .orderBy(asc(cardContentUpdates.seq))
    );
  }

  async appendUpdate(
    tx: Transaction,
    ref: { boardId: string; cardId: string },
    seq: number,
    data: Uint8Array,
  ): Promise<void> {
    await tx.insert(cardContentUpdates).values({ ...ref, seq, data });
  }

  /** Tells every node listening that the card has a new update (delivered only at commit). */
  async notifyUpdate(tx: Transaction, cardId: string): Promise<void> {
    await tx.execute(sql`select pg_notify(${BOARD_UPDATES_CHANNEL}, ${`${CARD_NOTIFICATION_PREFIX}${cardId}`})`);
  }

  /** Replaces every update of the card up to `seq` with one snapshot of its content at `seq`. */
  async compact(
    tx: Transaction,
    ref: { boardId: string; cardId: string },
    seq: number,
    snapshot: Uint8Array,
  ): Promise<void> {
    await tx
      .delete(cardContentUpdates)
      .where(and(eq(cardContentUpdates.cardId, ref.cardId), lte(cardContentUpdates.seq, seq)));
    await tx.insert(cardContentUpdates).values({ ...ref, seq, data: snapshot });
  }

  /**
   * Appends an event about a card's content to its board's log. The caller holds the board's
   * lock: the log's ids must follow commit order (the flow-log cache reads "after id N").
   */
  async appendEvent(
    tx: Transaction,
    boardId: string,
    event: CardContentEvent,
    by: { actorId: string; at: string },
  ): Promise<void> {
    await tx.insert(events).values({
      boardId,
      type: event.type,
      cardId: event.cardId,
      payload: event,
      actor: by.actorId,
      at: by.at,
    });
  }

  /** The card's events on its board, newest first, at most `limit`. */
  async activity(boardId: string, cardId: string, limit: number): Promise<CardEventRow[]> {
    const rows = await this.db
      .select({ id: events.id, at: events.at, actorId: events.actor, actorName: users.name, payload: events.payload })
      .from(events)
      .leftJoin(users, eq(users.id, events.actor))
      .where(and(eq(events.cardId, cardId), eq(events.boardId, boardId)))
      .orderBy(desc(events.id))
      .limit(limit);
    return rows.map((r) => ({ ...r, at: toIso(r.at) }));
  }
}
