import {
  boardMembers,
  boardUpdates,
  boards,
  entities,
  events,
  operations,
  users,
  type Database,
  type Transaction,
} from '@obeya/db';
import { eventCardId, type BoardSummary, type HistoryBatch } from '@obeya/domain';
import type { CommandAck } from '@obeya/sync';
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { StoredUpdate } from './stored-update.ts';
import { toIso } from './timestamps.ts';

/** The PostgreSQL channel a commit notifies with its board id, so other nodes catch up. */
export const BOARD_UPDATES_CHANNEL = 'obeya_board_updates';

/** Rows per insert statement: few round trips for a long history, and statements of a few megabytes at most. */
const ROWS_PER_INSERT = 5000;

function* chunks<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** Kinds of entity whose id alone must lead to their board (REST routes by column or card id). */
export type EntityKind = 'column' | 'lane' | 'card';

/** The only code that reads or writes boards, their documents, events and operations. */
export class BoardRepository {
  constructor(private readonly db: Database) {}

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Serialises writers of one board across connections and server nodes until the transaction ends. */
  async lockBoard(tx: Transaction, boardId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${boardId}, 0))`);
  }

  async listBoards(): Promise<BoardSummary[]> {
    const rows = await this.db
      .select({ id: boards.id, name: boards.name, createdAt: boards.createdAt })
      .from(boards)
      .orderBy(asc(boards.createdAt), asc(boards.id));
    return rows.map((r) => ({ ...r, createdAt: toIso(r.createdAt) }));
  }

  async countBoards(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(boards);
    return row?.n ?? 0;
  }

  async boardExists(boardId: string): Promise<boolean> {
    const rows = await this.db.select({ id: boards.id }).from(boards).where(eq(boards.id, boardId));
    return rows.length > 0;
  }

  /** Inserts the board and, when given, its first admin. */
  async insertBoard(
    tx: Transaction,
    board: { id: string; name: string; createdAt: string },
    owner: string | null,
  ): Promise<void> {
    await tx.insert(boards).values(board);
    if (owner !== null) await tx.insert(boardMembers).values({ boardId: board.id, userId: owner, role: 'admin' });
  }

  /** Deletes the board; its updates, events, operations, entities, members and tokens go with it. */
  async deleteBoard(tx: Transaction, boardId: string): Promise<void> {
    await tx.delete(boards).where(eq(boards.id, boardId));
  }

  async renameBoard(tx: Transaction, boardId: string, name: string): Promise<void> {
    await tx.update(boards).set({ name }).where(eq(boards.id, boardId));
  }

  /** Updates after `afterSeq`, in order; inside `tx` when given. */
  async loadUpdates(tx: Transaction | null, boardId: string, afterSeq: number): Promise<StoredUpdate[]> {
    return (tx ?? this.db)
      .select({ seq: boardUpdates.seq, epoch: boardUpdates.epoch, data: boardUpdates.data })
      .from(boardUpdates)
      .where(and(eq(boardUpdates.boardId, boardId), gt(boardUpdates.seq, afterSeq)))
      .orderBy(asc(boardUpdates.seq));
  }

  async appendUpdate(tx: Transaction, boardId: string, row: StoredUpdate): Promise<void> {
    await tx.insert(boardUpdates).values({ boardId, ...row });
  }

  /**
   * Tells every node listening that the board has a new update. Inside a transaction PostgreSQL
   * delivers the notification only at commit, so nobody hears of a change that did not commit.
   */
  async notifyUpdate(tx: Transaction, boardId: string): Promise<void> {
    await tx.execute(sql`select pg_notify(${BOARD_UPDATES_CHANNEL}, ${boardId})`);
  }

  /**
   * Replaces every update up to `upTo` with one row: a snapshot of the document at `upTo` (same
   * seq and epoch), or the document started afresh (the next seq, a new epoch).
   */
  async compact(tx: Transaction, boardId: string, upTo: number, row: StoredUpdate): Promise<void> {
    await tx.delete(boardUpdates).where(and(eq(boardUpdates.boardId, boardId), lte(boardUpdates.seq, upTo)));
    await this.appendUpdate(tx, boardId, row);
  }

  /** Reasons the board's cards were blocked for, most used first (the 20 most used). */
  async blockerReasons(boardId: string): Promise<string[]> {
    const reason = sql<string>`${events.payload}->'blocker'->>'reason'`;
    const rows = await this.db
      .select({ reason, uses: sql<number>`count(*)::int` })
      .from(events)
      .where(and(eq(events.boardId, boardId), eq(events.type, 'card.blocked')))
      .groupBy(reason)
      .orderBy(sql`2 desc`, reason)
      .limit(20);
    return rows.map((r) => r.reason);
  }

  /** The board's members, id to name (for commands that assign people or limit them). */
  async memberNames(tx: Transaction, boardId: string): Promise<Map<string, string>> {
    const rows = await tx
      .select({ id: users.id, name: users.name })
      .from(boardMembers)
      .innerJoin(users, eq(users.id, boardMembers.userId))
      .where(eq(boardMembers.boardId, boardId));
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Appends each batch's events with the batch's instant and actor, in order. The rows travel as
   * one JSON array per statement rather than as parameters: a simulated year is some 50 000
   * events, which PGlite inserts more than twice as fast this way, and a multi-row insert of them
   * would pass PostgreSQL's limit of 65 535 parameters anyway.
   */
  async appendEvents(tx: Transaction, boardId: string, batches: readonly HistoryBatch[]): Promise<void> {
    const rows = batches.flatMap(({ at, actor, events: list }) =>
      list.map((event) => ({ card: eventCardId(event), payload: event, actor: actor.id, at })),
    );
    for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
      // `with ordinality ... order by` keeps the ids, which order the log, in the batches' order.
      await tx.execute(sql`
        insert into ${events} (board_id, type, card_id, payload, actor, at)
        select ${boardId}, r.e->'payload'->>'type', r.e->>'card', r.e->'payload', r.e->>'actor', (r.e->>'at')::timestamptz
        from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) with ordinality as r(e, n)
        order by r.n`);
    }
  }

  /**
   * The board's events in the order they were applied; with `afterId`, only those stored after
   * that one. A board's events get ascending ids in commit order, because they are written under
   * the board's lock.
   */
  async listEvents(
    boardId: string,
    afterId = 0,
  ): Promise<Array<{ id: number; type: string; payload: unknown; actor: string; at: string }>> {
    return this.db
      .select({ id: events.id, type: events.type, payload: events.payload, actor: events.actor, at: events.at })
      .from(events)
      .where(and(eq(events.boardId, boardId), gt(events.id, afterId)))
      .orderBy(asc(events.id));
  }

  async findOperation(tx: Transaction, boardId: string, opId: string): Promise<CommandAck | null> {
    const [row] = await tx
      .select({ result: operations.result })
      .from(operations)
      .where(and(eq(operations.boardId, boardId), eq(operations.opId, opId)));
    return row ? (row.result as CommandAck) : null;
  }

  async saveOperation(tx: Transaction, boardId: string, opId: string, result: CommandAck): Promise<void> {
    await tx.insert(operations).values({ boardId, opId, result });
  }

  async addEntities(tx: Transaction, boardId: string, list: Array<{ id: string; kind: EntityKind }>): Promise<void> {
    for (const chunk of chunks(list, ROWS_PER_INSERT))
      await tx.insert(entities).values(chunk.map((e) => ({ ...e, boardId })));
  }

  /** The board a column, lane or card belongs to, or null. */
  async findEntityBoard(id: string, kind: EntityKind): Promise<string | null> {
    const [row] = await this.db
      .select({ boardId: entities.boardId })
      .from(entities)
      .where(and(eq(entities.id, id), eq(entities.kind, kind)));
    return row?.boardId ?? null;
  }
}
