import type { DatabaseConnection, NotificationListener } from '@obeya/db';
import type { FastifyBaseLogger } from 'fastify';
import { BOARD_UPDATES_CHANNEL } from '../repositories/board-repository.ts';
import type { BoardService } from '../services/board-service.ts';
import type { BoardRegistry } from './board-registry.ts';
import { isJoined, joinedBoards, type IoServer } from './socket-gateway.ts';

type Listen = NonNullable<DatabaseConnection['listen']>;

/**
 * Hands the updates other server nodes commit to this node's clients. Every commit notifies
 * `BOARD_UPDATES_CHANNEL` with its board id; for a board this node holds or its clients joined,
 * the board service catches the room up from the stored log and broadcasts what it applied. The
 * log, not the notification, carries the updates: a repeated or late notification costs one read
 * that finds nothing, and this node's own commits are already in its room, so never sent twice.
 */
export class BoardFeed {
  private readonly listener: NotificationListener;
  /** Boards whose catch-up is running, with its end. */
  private readonly running = new Map<string, Promise<void>>();
  /** Boards notified since their running catch-up started: they get exactly one more. */
  private readonly requested = new Set<string>();
  private closed = false;

  constructor(
    listen: Listen,
    private readonly boards: BoardService,
    private readonly registry: BoardRegistry,
    private readonly io: IoServer,
    private readonly log: FastifyBaseLogger,
  ) {
    this.listener = listen(BOARD_UPDATES_CHANNEL, {
      onNotification: (boardId) => this.notified(boardId),
      // Whatever was committed while the connection was down was never announced: re-read it all.
      onConnected: () => this.interesting().forEach((boardId) => this.notified(boardId)),
      log,
    });
  }

  /**
   * Asks for a catch-up of the board. While one runs, any number of further notifications add
   * exactly one more, which reads everything they announced.
   */
  notified(boardId: string): void {
    if (this.closed || !this.isInteresting(boardId)) return;
    this.requested.add(boardId);
    if (!this.running.has(boardId)) this.running.set(boardId, this.drain(boardId));
  }

  /** Resolves once every catch-up requested so far has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.running.values());
  }

  /** Stops listening and waits for running catch-ups, before the database closes under them. */
  async close(): Promise<void> {
    this.closed = true;
    await this.listener.close();
    await this.settled();
  }

  private async drain(boardId: string): Promise<void> {
    while (this.requested.delete(boardId)) await this.catchUp(boardId);
    this.running.delete(boardId);
  }

  private async catchUp(boardId: string): Promise<void> {
    try {
      await this.boards.catchUpFromStorage(boardId);
    } catch (err) {
      // The board's next notification catches up everything this one missed.
      this.log.warn({ err, boardId }, 'could not catch a board up with other nodes');
    }
  }

  /**
   * A board whose document this node holds (a client may be joining it right now) or that one of
   * its connections joined (the document may have been unloaded while they watch).
   */
  private isInteresting(boardId: string): boolean {
    return this.registry.has(boardId) || isJoined(this.io, boardId);
  }

  private interesting(): string[] {
    return [...new Set([...this.registry.boardIds(), ...joinedBoards(this.io)])];
  }
}

/** The board feed, on PostgreSQL only: with the embedded database this node is the only writer. */
export function startBoardFeed(
  database: DatabaseConnection,
  deps: { boards: BoardService; registry: BoardRegistry; io: IoServer; log: FastifyBaseLogger },
): BoardFeed | null {
  if (!database.listen) return null;
  return new BoardFeed(database.listen, deps.boards, deps.registry, deps.io, deps.log);
}
