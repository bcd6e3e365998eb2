import { ErrorCode, IdSchema, Role, roleAllows } from '@obeya/domain';
import type { PresenceEntry } from '@obeya/sync';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { invalidPayload } from '../errors.ts';
import { displayName } from '../services/principal.ts';
import type { CardSessions } from './card-sessions.ts';
import { joinedBoards, roomOf, type IoServer, type IoSocket, type SocketData } from './sockets.ts';

const DraggingSchema = z.object({ boardId: IdSchema, cardId: IdSchema.nullable() }).strict();

/** After a failed cluster-wide look-up, when to try again: by then a lost node has been written off. */
const RETRY_MS = 3_000;
const MAX_RETRIES = 5;
/** How long a cluster-wide look-up waits for the other nodes; they answer in milliseconds when up. */
const LOOKUP_TIMEOUT_MS = 1_500;
/** How often the number of live nodes is checked, to refresh presence after one is lost. */
const NODE_CHECK_MS = 2_000;

/** One entry per person or wall screen on the board, however many tabs they have open. */
export function presenceEntries(
  sockets: ReadonlyArray<{ data: Pick<SocketData, 'principal' | 'cards' | 'dragging'> }>,
  boardId: string,
): PresenceEntry[] {
  const people = new Map<string, PresenceEntry>();
  for (const { data } of sockets) {
    const who = displayName(data.principal);
    const entry = people.get(who.id) ?? { ...who, cards: [], dragging: null };
    for (const cardId of data.cards[boardId] ?? []) if (!entry.cards.includes(cardId)) entry.cards.push(cardId);
    entry.dragging ??= data.dragging[boardId] ?? null;
    people.set(who.id, entry);
  }
  return [...people.values()];
}

/**
 * Who is on each board, across every server node. The list is read from the connections of all
 * nodes (socket.io's fetchSockets, through the adapter) whenever it changes here, and sent to the
 * board's room on all nodes.
 */
export class BoardPresence {
  private readonly retries = new Map<string, { timer: NodeJS.Timeout; attempt: number }>();
  private nodeWatch: NodeJS.Timeout | null = null;
  private nodes = 1;

  constructor(
    private readonly io: IoServer,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Tells everyone on the board who is there, with the cards they have open and drag; answers the list. */
  async broadcast(boardId: string, attempt = 0): Promise<PresenceEntry[]> {
    const room = roomOf(boardId);
    try {
      const people = presenceEntries(await this.io.in(room).timeout(LOOKUP_TIMEOUT_MS).fetchSockets(), boardId);
      this.io.to(room).emit('board:presence', { boardId, people });
      return people;
    } catch (err) {
      // A node stopped answering (lost, and not yet written off by the adapter's heartbeat): show
      // this node's people for now and ask again once the lost node no longer counts.
      this.log.warn({ err, boardId }, 'could not list the people on a board across nodes; retrying');
      this.retryLater(boardId, attempt + 1);
      const people = presenceEntries(await this.io.local.in(room).fetchSockets(), boardId);
      this.io.local.to(room).emit('board:presence', { boardId, people });
      return people;
    }
  }

  /**
   * Refreshes the presence of this node's boards whenever the number of nodes drops: the people
   * who were on a lost node must leave the lists, and no other event would say so.
   */
  watchNodes(): void {
    this.nodeWatch = setInterval(() => void this.checkNodes(), NODE_CHECK_MS).unref();
  }

  stop(): void {
    if (this.nodeWatch) clearInterval(this.nodeWatch);
    for (const { timer } of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  private async checkNodes(): Promise<void> {
    const nodes = await this.io.of('/').adapter.serverCount();
    const lost = nodes < this.nodes;
    this.nodes = nodes;
    if (lost) for (const boardId of joinedBoards(this.io)) void this.broadcast(boardId);
  }

  private retryLater(boardId: string, attempt: number): void {
    if (attempt > MAX_RETRIES || this.retries.has(boardId)) return;
    const timer = setTimeout(() => {
      this.retries.delete(boardId);
      void this.broadcast(boardId, attempt);
    }, RETRY_MS).unref();
    this.retries.set(boardId, { timer, attempt });
  }
}

/** Takes a connection off a board: its role, its drag, the cards it has open, and the board's room. */
export async function leaveBoard(socket: IoSocket, boardId: string, cards: CardSessions): Promise<void> {
  socket.data.roles.delete(boardId);
  delete socket.data.dragging[boardId];
  await cards.closeBoard(socket, boardId);
  await socket.leave(roomOf(boardId));
}

/** `board:dragging`: shown to everyone on the board; only for those who may move cards. */
export function registerPresenceHandlers(socket: IoSocket, presence: BoardPresence): void {
  socket.on('board:dragging', async (payload) => {
    const parsed = DraggingSchema.safeParse(payload);
    if (!parsed.success) return void socket.emit('error:raised', invalidPayload('board:dragging', parsed.error));
    const { boardId, cardId } = parsed.data;
    const role = socket.data.roles.get(boardId);
    if (role === undefined) {
      return void socket.emit('error:raised', { code: ErrorCode.notJoined, message: 'Join the board first.' });
    }
    // The role as last checked (the access watch keeps it current): drags are too frequent to ask storage.
    if (!roleAllows(role, Role.member) || socket.data.principal.kind === 'wall') {
      return void socket.emit('error:raised', { code: ErrorCode.forbidden, message: 'Only members move cards.' });
    }
    if ((socket.data.dragging[boardId] ?? null) === cardId) return;
    if (cardId === null) delete socket.data.dragging[boardId];
    else socket.data.dragging[boardId] = cardId;
    await presence.broadcast(boardId);
  });
}
