import type { DatabaseConnection, NotificationListener } from '@obeya/db';
import type { FastifyBaseLogger } from 'fastify';
import { BOARD_UPDATES_CHANNEL } from '../repositories/board-repository.ts';
import { CARD_NOTIFICATION_PREFIX } from '../repositories/card-content-repository.ts';
import type { BoardService } from '../services/board-service.ts';
import type { CardContentService } from '../services/card-content-service.ts';
import type { BoardRegistry } from './board-registry.ts';
import type { CardRegistry } from './card-room.ts';
import type { CardSessions } from './card-sessions.ts';
import { isJoined, joinedBoards, type IoServer } from './sockets.ts';

type Listen = NonNullable<DatabaseConnection['listen']>;

/** One kind of document the feed keeps up to date: boards, or card contents. */
export interface FeedTarget {
  /** Catches this node's copy up from storage and broadcasts what it applied. */
  catchUp: (id: string) => Promise<void>;
  /** Whether this node holds the document or one of its clients shows it. */
  isInteresting: (id: string) => boolean;
  interesting: () => string[];
}

/**
 * Hands the updates other server nodes commit to this node's clients. Every commit notifies
 * `BOARD_UPDATES_CHANNEL` with its board id (or, for card content, the prefixed card id); for a
 * document this node holds or its clients show, the service catches the room up from the stored
 * log and broadcasts what it applied. The log, not the notification, carries the updates: a
 * repeated or late notification costs one read that finds nothing, and this node's own commits
 * are already in its room, so never sent twice.
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
    private readonly boards: FeedTarget,
    private readonly cards: FeedTarget,
    private readonly log: FastifyBaseLogger,
  ) {
    this.listener = listen(BOARD_UPDATES_CHANNEL, {
      onNotification: (key) => this.notified(key),
      // Whatever was committed while the connection was down was never announced: re-read it all.
      onConnected: () => this.interesting().forEach((key) => this.notified(key)),
      log,
    });
  }

  /**
   * Asks for a catch-up of the board (or, with the card prefix, the card). While one runs, any
   * number of further notifications add exactly one more, which reads everything they announced.
   */
  notified(key: string): void {
    const { target, id } = this.route(key);
    if (this.closed || !target.isInteresting(id)) return;
    this.requested.add(key);
    if (!this.running.has(key)) this.running.set(key, this.drain(key));
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

  private async drain(key: string): Promise<void> {
    while (this.requested.delete(key)) await this.catchUp(key);
    this.running.delete(key);
  }

  private async catchUp(key: string): Promise<void> {
    const { target, id } = this.route(key);
    try {
      await target.catchUp(id);
    } catch (err) {
      // The document's next notification catches up everything this one missed.
      this.log.warn({ err, key }, 'could not catch a document up with other nodes');
    }
  }

  private route(key: string): { target: FeedTarget; id: string } {
    return key.startsWith(CARD_NOTIFICATION_PREFIX)
      ? { target: this.cards, id: key.slice(CARD_NOTIFICATION_PREFIX.length) }
      : { target: this.boards, id: key };
  }

  private interesting(): string[] {
    return [...this.boards.interesting(), ...this.cards.interesting().map((id) => `${CARD_NOTIFICATION_PREFIX}${id}`)];
  }
}

/** The board feed, on PostgreSQL only: with the embedded database this node is the only writer. */
export function startBoardFeed(
  database: DatabaseConnection,
  deps: {
    boards: BoardService;
    registry: BoardRegistry;
    content: CardContentService;
    cardRegistry: CardRegistry;
    cards: CardSessions;
    io: IoServer;
    log: FastifyBaseLogger;
  },
): BoardFeed | null {
  if (!database.listen) return null;
  const { boards, registry, content, cardRegistry, cards, io } = deps;
  // A board this node holds (a client may be joining it right now) or that one of its connections
  // joined (the document may have been unloaded while they watch); likewise for cards.
  const boardTarget: FeedTarget = {
    catchUp: (boardId) => boards.catchUpFromStorage(boardId),
    isInteresting: (boardId) => registry.has(boardId) || isJoined(io, boardId),
    interesting: () => [...new Set([...registry.boardIds(), ...joinedBoards(io)])],
  };
  const cardTarget: FeedTarget = {
    catchUp: (cardId) => content.catchUpFromStorage(cardId),
    isInteresting: (cardId) => cardRegistry.has(cardId) || cards.isOpen(cardId),
    interesting: () => [...new Set([...cardRegistry.list().map((room) => room.id), ...cards.openCards()])],
  };
  return new BoardFeed(database.listen, boardTarget, cardTarget, deps.log);
}
