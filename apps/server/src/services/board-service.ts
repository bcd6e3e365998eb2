import type { Transaction } from '@obeya/db';
import {
  BoardTemplates,
  createBoardEvents,
  decide,
  ErrorCode,
  needsMembers,
  type Actor,
  type BoardEvent,
  type BoardState,
  type BoardSummary,
  type BoardTemplateName,
  type Command,
  type DecisionContext,
  type HistoryBatch,
} from '@obeya/domain';
import { applyEvents, freshBoardDoc, type CommandAck } from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { AppError, boardNotFound } from '../errors.ts';
import type { BoardRoom } from '../realtime/board-room.ts';
import type { BoardRegistry } from '../realtime/board-registry.ts';
import { DocStore, type OnCommit } from '../realtime/doc-store.ts';
import type { BoardRepository, EntityKind } from '../repositories/board-repository.ts';

export interface Clock {
  now: () => Date;
}

/**
 * Emitted after a change to a board committed: the Yjs update every client must apply, and the
 * epoch of the document it belongs to (the first update of an epoch is the whole document).
 */
export interface CommittedUpdate {
  boardId: string;
  epoch: number;
  update: Uint8Array;
}

/** Columns, lanes and cards an event creates: the entities table maps their ids to the board. */
function createdEntity(e: BoardEvent): Array<{ id: string; kind: EntityKind }> {
  switch (e.type) {
    case 'column.created':
      return [{ id: e.column.id, kind: 'column' }];
    case 'lane.created':
      return [{ id: e.lane.id, kind: 'lane' }];
    case 'card.created':
      return [{ id: e.card.id, kind: 'card' }];
    default:
      return [];
  }
}

/**
 * The referee of every board: runs each command through the pure rules inside one transaction
 * that holds the board's lock, persists the document update, the events and the operation result
 * together, and only then tells the clients.
 */
export class BoardService {
  readonly committed = new EventEmitter<{ update: [CommittedUpdate] }>();
  readonly deleted = new EventEmitter<{ board: [string] }>();
  private readonly store: DocStore<BoardRoom>;

  constructor(
    private readonly repo: BoardRepository,
    private readonly registry: BoardRegistry,
    private readonly clock: Clock = { now: () => new Date() },
  ) {
    this.store = new DocStore<BoardRoom>(
      {
        transaction: (work) => repo.transaction(work),
        lock: (tx, room) => repo.lockBoard(tx, room.id),
        load: (tx, room) => repo.loadUpdates(tx, room.id, room.seq),
        append: (tx, room, row) => repo.appendUpdate(tx, room.id, row),
        compact: (tx, room, row) => repo.compact(tx, room.id, room.seq, row),
        notify: (tx, room) => repo.notifyUpdate(tx, room.id),
      },
      (room, row) => this.committed.emit('update', { boardId: room.id, epoch: row.epoch, update: row.data }),
      freshBoardDoc,
    );
  }

  private context(actor: Actor, members?: ReadonlyMap<string, string>): DecisionContext {
    const ctx = { now: this.clock.now().toISOString(), newId: randomUUID, actor };
    return members ? { ...ctx, members } : ctx;
  }

  listBoards(): Promise<BoardSummary[]> {
    return this.repo.listBoards();
  }

  countBoards(): Promise<number> {
    return this.repo.countBoards();
  }

  /** Creates a board from a template; the owner, when given, becomes its admin in the same transaction. */
  createBoard(name: string, template: BoardTemplateName, by: { actor: Actor; owner?: string }): Promise<BoardSummary> {
    return this.createBoardWithHistory(name, by, (board, ctx) => [
      { at: ctx.now, actor: by.actor, events: createBoardEvents(board, BoardTemplates[template], ctx) },
    ]);
  }

  /**
   * Creates a board from batches of events, each stored with its own instant and actor (such as a
   * simulated past): all of them in one transaction and one document update. The board counts as
   * created at its first batch; the owner, when given, becomes its admin.
   */
  async createBoardWithHistory(
    name: string,
    by: { actor: Actor; owner?: string },
    build: (board: { id: string; name: string }, ctx: DecisionContext) => HistoryBatch[],
  ): Promise<BoardSummary> {
    const ctx = this.context(by.actor);
    const board = { id: ctx.newId(), name };
    // Built before the transaction: a long history is pure work that needs no lock held.
    const batches = build(board, ctx);
    const summary = { ...board, createdAt: batches[0]?.at ?? ctx.now };
    const room = this.registry.room(summary.id);
    await room.exclusive(() =>
      this.store.transact(room, async (tx, onCommit) => {
        await this.repo.insertBoard(tx, summary, by.owner ?? null);
        await this.commit(tx, onCommit, room, batches);
      }),
    );
    return summary;
  }

  /** Deletes a board with everything on it; its open sockets are told by the `deleted` event. */
  async deleteBoard(boardId: string): Promise<void> {
    const room = await this.openBoard(boardId);
    await room.exclusive(() =>
      this.store.transact(room, async (tx, onCommit) => {
        await this.repo.lockBoard(tx, boardId);
        await this.repo.deleteBoard(tx, boardId);
        onCommit(() => this.registry.drop(boardId));
      }),
    );
    this.deleted.emit('board', boardId);
  }

  /** The board document, up to date with storage; throws when the board does not exist. */
  openBoard(boardId: string): Promise<BoardRoom> {
    return this.withBoard(boardId, (room) => room);
  }

  /**
   * Brings this node's copy of a board up to date with updates other nodes committed, and hands
   * them to this node's clients through `committed`.
   */
  async catchUpFromStorage(boardId: string): Promise<void> {
    const room = this.registry.room(boardId);
    await room.exclusive(() => this.store.catchUp(null, room));
  }

  /**
   * Tidies the documents of boards nobody has changed or read on this node for `quietMs` (see
   * `DocStore.tidy`): a busy board's document is started afresh when the board rests.
   */
  async tidyQuiet(quietMs: number): Promise<void> {
    for (const room of this.registry.quiet(quietMs)) await this.store.tidy(room);
  }

  /**
   * Runs `use` on the board's document, up to date with storage (a copy left stale by a failed
   * transaction is rebuilt first), with no other work on the board in between.
   */
  async withBoard<T>(boardId: string, use: (room: BoardRoom) => T | Promise<T>): Promise<T> {
    const room = this.registry.room(boardId);
    return room.exclusive(async () => {
      await this.store.catchUp(null, room);
      if (room.seq === 0) throw boardNotFound(boardId);
      return use(room);
    });
  }

  /** The board's structure as a plain object. */
  getBoard(boardId: string): Promise<BoardState> {
    return this.withBoard(boardId, (room) => room.board());
  }

  /** Which board a column, lane or card belongs to. */
  async boardOf(id: string, kind: EntityKind): Promise<string> {
    const boardId = await this.repo.findEntityBoard(id, kind);
    if (boardId === null) {
      throw new AppError({ code: ErrorCode.notFound, message: `That ${kind} does not exist.`, details: { id } });
    }
    return boardId;
  }

  /** Admits or refuses one command; a retry with the same operation id gets the first answer. */
  async execute(boardId: string, opId: string, command: Command, actor: Actor): Promise<CommandAck> {
    // No separate catch-up before the lock: the one under the lock is the one that counts.
    const room = this.registry.room(boardId);
    const outcome = await room.exclusive(() =>
      this.store.transact(room, async (tx, onCommit) => {
        await this.repo.lockBoard(tx, boardId);
        const prior = await this.repo.findOperation(tx, boardId, opId);
        if (prior) return prior;
        await this.store.catchUp(tx, room);
        if (room.seq === 0) throw boardNotFound(boardId);
        const members = needsMembers(command) ? await this.repo.memberNames(tx, boardId) : undefined;
        const ctx = this.context(actor, members);
        const decision = decide(room.board(), command, ctx);
        const ack: CommandAck = !decision.ok
          ? { ok: false, error: decision.rejection }
          : decision.createdId === undefined
            ? { ok: true }
            : { ok: true, createdId: decision.createdId };
        if (decision.ok) await this.commit(tx, onCommit, room, [{ at: ctx.now, actor, events: decision.events }]);
        await this.repo.saveOperation(tx, boardId, opId, ack);
        return ack;
      }),
    );
    await this.store.compactIfDue(room);
    return outcome;
  }

  /** Applies the batches' events to the document and stores update, events and entities in `tx`. */
  private async commit(
    tx: Transaction,
    onCommit: OnCommit,
    room: BoardRoom,
    batches: readonly HistoryBatch[],
  ): Promise<void> {
    const list = batches.flatMap((batch) => batch.events);
    const update = applyEvents(room.doc, list);
    if (update) {
      await this.store.append(tx, onCommit, room, update);
      onCommit(() => this.committed.emit('update', { boardId: room.id, epoch: room.epoch, update }));
    }
    await this.repo.appendEvents(tx, room.id, batches);
    await this.repo.addEntities(tx, room.id, list.flatMap(createdEntity));
    const renamed = list.findLast((e) => e.type === 'board.updated' && e.changes.name !== undefined);
    if (renamed?.type === 'board.updated' && renamed.changes.name) {
      await this.repo.renameBoard(tx, room.id, renamed.changes.name);
    }
  }
}
