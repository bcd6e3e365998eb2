import type { Transaction } from '@obeya/db';
import {
  ErrorCode,
  MAX_COMMENTS_PER_CARD,
  reject,
  Role,
  type Actor,
  type CardComment,
  type CardContentEvent,
  type CommentCommand,
  type Rejection,
} from '@obeya/domain';
import {
  addComment,
  commentCount,
  descriptionLength,
  descriptionOf,
  editComment,
  findComment,
  readComments,
  type CardActivityEntry,
  type CardContent,
  type CardRef,
  type CommandAck,
} from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as Y from 'yjs';
import { AppError } from '../errors.ts';
import type { CardRegistry, CardRoom } from '../realtime/card-room.ts';
import { DocStore, type OnCommit } from '../realtime/doc-store.ts';
import type { BoardRepository } from '../repositories/board-repository.ts';
import type { CardContentRepository } from '../repositories/card-content-repository.ts';
import type { AccessService } from './access-service.ts';
import type { BoardService, Clock } from './board-service.ts';
import { actorOf, type Principal } from './principal.ts';
import { SYSTEM_ACTOR } from './seed.ts';

/**
 * Most bytes a card's stored content may take, measured as its compacted snapshot: room for the
 * description's editing history and a full comment thread (500 comments of 5 000 characters are
 * some 2.5 MB), while keeping what opening one card loads bounded. A write that would pass it is
 * refused; the update rows behind a card may exceed it by one write until the compaction that
 * follows that write.
 */
export const MAX_CONTENT_BYTES = 4 * 1024 * 1024;

export interface ContentLimits {
  /** See MAX_CONTENT_BYTES; tests lower it. */
  maxBytes: number;
}

/** A person's description edits log one `card.described` event per card at most this often. */
export const DESCRIBED_EVERY_MS = 10 * 60_000;

/** Most entries a card's activity answers with. */
export const ACTIVITY_LIMIT = 200;

/** A change to a card's content that committed: the Yjs update everyone with the card open must apply. */
export interface CommittedContent {
  cardId: string;
  update: Uint8Array;
  /** The connection that sent the update (it has it already), if any. */
  origin: string | null;
}

const cardNotFound = (cardId: string) =>
  new AppError({ code: ErrorCode.notFound, message: 'That card does not exist.', details: { cardId } });

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${n / (1024 * 1024)} MB` : `${n} bytes`);

function refOf(room: CardRoom): CardRef {
  if (room.boardId === null) throw new Error(`card room ${room.id} has no board`);
  return { boardId: room.boardId, cardId: room.id };
}

/**
 * Card content: the description members write together (Yjs updates from browsers, checked and
 * stored), comments written by the server on a member's behalf, and a card's activity. Every
 * write runs in one transaction under the card's lock, like board commands under the board's.
 */
export class CardContentService {
  readonly committed = new EventEmitter<{ update: [CommittedContent] }>();
  private readonly store: DocStore<CardRoom>;

  constructor(
    private readonly repo: CardContentRepository,
    private readonly boardRepo: BoardRepository,
    private readonly boards: BoardService,
    private readonly access: AccessService,
    private readonly registry: CardRegistry,
    private readonly clock: Clock,
    private readonly limits: ContentLimits = { maxBytes: MAX_CONTENT_BYTES },
  ) {
    this.store = new DocStore<CardRoom>(
      {
        transaction: (work) => repo.transaction(work),
        lock: (tx, room) => repo.lockCard(tx, room.id),
        load: (tx, room) => repo.loadUpdates(tx, room.id, room.seq),
        append: (tx, room, row) => repo.appendUpdate(tx, refOf(room), row.seq, row.data),
        compact: (tx, room, row) => repo.compact(tx, refOf(room), row.seq, row.data),
        notify: (tx, room) => repo.notifyUpdate(tx, room.id),
      },
      (room, row) => this.committed.emit('update', { cardId: room.id, update: row.data, origin: null }),
    );
    boards.deleted.on('board', (boardId) => {
      for (const room of registry.list()) if (room.boardId === boardId) registry.drop(room.id);
    });
  }

  /**
   * Runs `use` on the card's content document, up to date with storage, for someone with at least
   * `needed` on the board; the card must be on the board now. Answers the caller's role too.
   */
  async open<T>(
    principal: Principal,
    ref: CardRef,
    needed: Role,
    use: (doc: Y.Doc, role: Role) => T | Promise<T>,
  ): Promise<T> {
    const role = await this.access.require(principal, ref.boardId, needed);
    await this.requireOnBoard(ref);
    return this.withDoc(ref, (doc) => use(doc, role));
  }

  /** The card's description as plain text and its comments (viewers and wall screens too). */
  async content(principal: Principal, cardId: string): Promise<CardContent> {
    const boardId = await this.readableBoard(principal, cardId);
    return this.withDoc({ boardId, cardId }, (doc) => ({
      description: descriptionOf(doc).toString(),
      comments: readComments(doc),
    }));
  }

  /** One comment of a card as stored (after adding it). */
  async comment(principal: Principal, cardId: string, commentId: string): Promise<CardComment> {
    const boardId = await this.readableBoard(principal, cardId);
    const comment = await this.withDoc({ boardId, cardId }, (doc) => findComment(doc, commentId));
    if (!comment) throw new AppError({ code: ErrorCode.notFound, message: 'That comment does not exist.' });
    return comment;
  }

  /** The card's latest events, newest first, with their actors' names. */
  async activity(principal: Principal, cardId: string): Promise<CardActivityEntry[]> {
    const boardId = await this.readableBoard(principal, cardId);
    const rows = await this.repo.activity(boardId, cardId, ACTIVITY_LIMIT);
    return rows.map(({ payload, ...r }) => ({
      ...r,
      actorName: r.actorName ?? (r.actorId === SYSTEM_ACTOR.id ? SYSTEM_ACTOR.name : null),
      event: payload as CardActivityEntry['event'],
    }));
  }

  /**
   * Applies and stores a browser's update of the description (members and admins), then tells
   * everyone else with the card open. A refused update reaches nobody and is never stored.
   */
  async edit(principal: Principal, ref: CardRef, update: Uint8Array, origin: string): Promise<void> {
    await this.access.require(principal, ref.boardId, Role.member);
    await this.requireOnBoard(ref);
    const actor = actorOf(principal);
    const room = this.room(ref);
    await room.exclusive(() =>
      this.store.transact(room, async (tx, onCommit) => {
        await this.store.lock(tx, room);
        await this.store.catchUp(tx, room);
        if (!room.applyClientUpdate(update)) return;
        this.requireRoom(room, update.byteLength);
        const at = this.clock.now();
        const last = room.described.get(actor.id);
        const describe = last === undefined || at.getTime() - last >= DESCRIBED_EVERY_MS;
        // The board's lock before any row is written: its event ids must follow commit order.
        if (describe) await this.boardRepo.lockBoard(tx, ref.boardId);
        await this.store.append(tx, onCommit, room, update);
        if (describe) {
          const event: CardContentEvent = {
            type: 'card.described',
            cardId: ref.cardId,
            length: descriptionLength(room.doc),
          };
          await this.repo.appendEvent(tx, ref.boardId, event, { actorId: actor.id, at: at.toISOString() });
          onCommit(() => room.described.set(actor.id, at.getTime()));
        }
        onCommit(() => this.committed.emit('update', { cardId: ref.cardId, update, origin }));
      }),
    );
    await this.compactIfDue(room);
  }

  /** Adds a comment as the caller (members and admins); `createdId` is the comment's id. */
  addComment(principal: Principal, command: CommentCommand<'comment:add'>): Promise<CommandAck> {
    const { opId, boardId, cardId, body } = command;
    return this.writeComment(principal, { boardId, cardId }, opId, (room, actor, at) => {
      if (commentCount(room.doc) >= MAX_COMMENTS_PER_CARD) {
        return reject(ErrorCode.payloadTooLarge, `A card can have at most ${MAX_COMMENTS_PER_CARD} comments.`, {
          max: MAX_COMMENTS_PER_CARD,
        });
      }
      const comment: CardComment = {
        id: randomUUID(),
        authorId: actor.id,
        authorName: actor.name,
        body,
        createdAt: at,
        editedAt: null,
      };
      return {
        write: (doc) => addComment(doc, comment),
        event: { type: 'card.commented', cardId, comment: { id: comment.id, body } },
        createdId: comment.id,
      };
    });
  }

  /** Changes a comment's text: its author only. */
  editComment(principal: Principal, command: CommentCommand<'comment:edit'>): Promise<CommandAck> {
    const { opId, boardId, cardId, commentId, body } = command;
    return this.writeComment(principal, { boardId, cardId }, opId, (room, actor, at) => {
      const comment = findComment(room.doc, commentId);
      if (!comment) return reject(ErrorCode.notFound, 'That comment does not exist.', { commentId });
      if (comment.authorId !== actor.id) {
        return reject(ErrorCode.forbidden, 'Only the author of a comment can change it.', { commentId });
      }
      return {
        write: (doc) => editComment(doc, commentId, body, at),
        event: { type: 'card.comment_edited', cardId, commentId, body },
      };
    });
  }

  /**
   * Brings this node's copy of a card up to date with what other nodes stored, and hands the
   * updates to this node's clients through `committed`. The card's board must be known: a card
   * never loaded here is looked up first (its clients opened it before the room was unloaded).
   */
  async catchUpFromStorage(cardId: string): Promise<void> {
    const boardId = this.registry.has(cardId)
      ? this.registry.room(cardId).boardId
      : await this.boardRepo.findEntityBoard(cardId, 'card');
    if (boardId === null) return;
    const room = this.room({ boardId, cardId });
    await room.exclusive(() => this.store.catchUp(null, room));
  }

  /**
   * The shared path of comment commands: locks, at most once per operation id, the rule check
   * (`decide` answers a rejection or the change), then document update, event and operation in
   * one transaction; everyone with the card open gets the update after the commit.
   */
  private async writeComment(
    principal: Principal,
    ref: CardRef,
    opId: string,
    decide: (
      room: CardRoom,
      actor: Actor,
      at: string,
    ) => Rejection | { write: (doc: Y.Doc) => void; event: CardContentEvent; createdId?: string },
  ): Promise<CommandAck> {
    await this.access.require(principal, ref.boardId, Role.member);
    await this.requireOnBoard(ref);
    const actor = actorOf(principal);
    const room = this.room(ref);
    const ack = await room.exclusive(() =>
      this.store.transact(room, async (tx, onCommit): Promise<CommandAck> => {
        await this.store.lock(tx, room);
        await this.boardRepo.lockBoard(tx, ref.boardId);
        const prior = await this.boardRepo.findOperation(tx, ref.boardId, opId);
        if (prior) return prior;
        await this.store.catchUp(tx, room);
        const at = this.clock.now().toISOString();
        const decision = decide(room, actor, at);
        const result: CommandAck =
          'code' in decision
            ? { ok: false, error: decision }
            : decision.createdId === undefined
              ? { ok: true }
              : { ok: true, createdId: decision.createdId };
        if (!('code' in decision)) {
          await this.commitChange(tx, onCommit, room, room.change(decision.write));
          await this.repo.appendEvent(tx, ref.boardId, decision.event, { actorId: actor.id, at });
        }
        await this.boardRepo.saveOperation(tx, ref.boardId, opId, result);
        return result;
      }),
    );
    await this.compactIfDue(room);
    return ack;
  }

  /** Stores a server-made update and broadcasts it to everyone after the commit. */
  private async commitChange(
    tx: Transaction,
    onCommit: OnCommit,
    room: CardRoom,
    update: Uint8Array | null,
  ): Promise<void> {
    if (update === null) return;
    this.requireRoom(room, update.byteLength);
    await this.store.append(tx, onCommit, room, update);
    onCommit(() => this.committed.emit('update', { cardId: room.id, update, origin: null }));
  }

  /**
   * Refuses a write that would take the card's content beyond the byte bound even compacted.
   * While the stored rows stay within the bound no snapshot is measured: it is never larger.
   */
  private requireRoom(room: CardRoom, added: number): void {
    const { maxBytes } = this.limits;
    if (room.bytes + added <= maxBytes) return;
    if (Y.encodeStateAsUpdate(room.doc).byteLength <= maxBytes) return;
    throw new AppError({
      code: ErrorCode.payloadTooLarge,
      message: `This card's content is full (at most ${formatBytes(maxBytes)} stored): shorten the description first.`,
      details: { maxBytes },
    });
  }

  /** Compacts after enough rows, or as soon as the rows pass the byte bound. */
  private compactIfDue(room: CardRoom): Promise<void> {
    return this.store.compactIfDue(room, room.bytes > this.limits.maxBytes);
  }

  /** The card's room; `ref` must have been checked (the card was made on that board). */
  private room(ref: CardRef): CardRoom {
    const room = this.registry.room(ref.cardId);
    room.boardId = ref.boardId;
    return room;
  }

  /** Runs `use` on the card's document after catching up, in the room's queue (never on a refused update). */
  private withDoc<T>(ref: CardRef, use: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const room = this.room(ref);
    return room.exclusive(async () => {
      await this.store.catchUp(null, room);
      return use(room.doc);
    });
  }

  /** The card's board, for someone who may read it (viewer and wall screens included). */
  private async readableBoard(principal: Principal, cardId: string): Promise<string> {
    const boardId = await this.boards.boardOf(cardId, 'card');
    await this.access.require(principal, boardId, Role.viewer);
    return boardId;
  }

  /** The card was made on this board and is on it now (not archived). */
  private async requireOnBoard({ boardId, cardId }: CardRef): Promise<void> {
    // A room's board was checked when it was set, and cards never change boards.
    const known = this.registry.has(cardId) && this.registry.room(cardId).boardId === boardId;
    if (!known && (await this.boardRepo.findEntityBoard(cardId, 'card')) !== boardId) throw cardNotFound(cardId);
    const board = await this.boards.getBoard(boardId);
    if (!board.cards.some((c) => c.id === cardId)) throw cardNotFound(cardId);
  }
}
