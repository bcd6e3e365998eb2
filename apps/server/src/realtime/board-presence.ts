import { ErrorCode, IdSchema, Role, roleAllows } from '@obeya/domain';
import type { PresenceEntry } from '@obeya/sync';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { invalidPayload } from '../errors.ts';
import { displayName } from '../services/principal.ts';
import type { CardSessions } from './card-sessions.ts';
import { joinedBoards, roomOf, type IoServer, type IoSocket, type SocketData } from './sockets.ts';

const DraggingSchema = z.object({ boardId: IdSchema, cardId: IdSchema.nullable() }).strict();

/** After a look-up some node did not answer, when to ask again: by then a lost node is written off. */
const RETRY_MS = 3_000;
/** How long a look-up waits for the other nodes; they answer in milliseconds when up. */
const LOOKUP_TIMEOUT_MS = 1_500;
/** How often the number of live nodes is checked, to refresh the lists when it changes. */
const NODE_CHECK_MS = 2_000;
/**
 * How often each node sends its boards' lists to its own connections again. Lists sent by
 * different nodes have no order between them, so a late one could show an old list; this heals it.
 */
const REFRESH_MS = 30_000;

/** One entry per person or wall screen on the board, however many tabs they have open. */
export function presenceEntries(
  sockets: ReadonlyArray<{ data: Pick<SocketData, 'principal' | 'cards' | 'dragging'> }>,
  boardId: string,
): PresenceEntry[] {
  return mergePresence(
    sockets.map(({ data }) => [
      { ...displayName(data.principal), cards: data.cards[boardId] ?? [], dragging: data.dragging[boardId] ?? null },
    ]),
  );
}

/** Several lists (one per node) as one: a person on two nodes is one entry with all their cards. */
export function mergePresence(lists: ReadonlyArray<ReadonlyArray<PresenceEntry>>): PresenceEntry[] {
  const people = new Map<string, PresenceEntry>();
  for (const entry of lists.flat()) {
    const merged = people.get(entry.id) ?? {
      id: entry.id,
      name: entry.name,
      kind: entry.kind,
      cards: [],
      dragging: null,
    };
    for (const cardId of entry.cards) if (!merged.cards.includes(cardId)) merged.cards.push(cardId);
    merged.dragging ??= entry.dragging;
    people.set(entry.id, merged);
  }
  return [...people.values()];
}

/** Where a list goes: to the board's room on every node, or (a periodic refresh) on this node only. */
type Reach = 'all' | 'local';

/** Callers waiting for a board's next list, and whether a look-up for it is running. */
interface Pending {
  running: boolean;
  reach: Reach;
  waiting: Array<(people: PresenceEntry[]) => void>;
}

/**
 * Who is on each board, across every server node. When it changes here, this node asks every
 * other node for its own entries of the board (only names, open cards and drags cross: never a
 * connection's credentials), merges them with its own, and sends the list to the board's room on
 * all nodes. Look-ups of one board run one at a time, so a node never sends an older list after a
 * newer one; requests made while one runs share the next.
 */
export class BoardPresence {
  private readonly pending = new Map<string, Pending>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private timers: NodeJS.Timeout[] = [];
  private nodes = 1;
  private stopped = false;
  /** Where in this node's list of boards the next periodic refresh starts. */
  private refreshFrom = 0;

  constructor(
    private readonly io: IoServer,
    private readonly log: FastifyBaseLogger,
    /** Whether other nodes share the boards (through the socket.io adapter). */
    private readonly clustered: boolean,
  ) {
    if (!clustered) return;
    io.on('presence:list', (boardId, answer) => void this.local(boardId).then(answer));
    this.timers = [
      setInterval(() => {
        void this.checkNodes();
        this.refreshSome();
      }, NODE_CHECK_MS).unref(),
    ];
  }

  /** Tells everyone on the board who is there, with the cards they have open and drag; answers the list. */
  broadcast(boardId: string, reach: Reach = 'all'): Promise<PresenceEntry[]> {
    return new Promise((resolve) => {
      const pending = this.pending.get(boardId) ?? { running: false, reach, waiting: [] };
      this.pending.set(boardId, pending);
      if (reach === 'all') pending.reach = 'all';
      pending.waiting.push(resolve);
      if (!pending.running) void this.drain(boardId, pending);
    });
  }

  /** Stops the timers and retries for good (shutdown): connections closing then change nothing. */
  stop(): void {
    this.stopped = true;
    this.timers.forEach((timer) => clearInterval(timer));
    this.retries.forEach((timer) => clearTimeout(timer));
    this.retries.clear();
  }

  private async drain(boardId: string, pending: Pending): Promise<void> {
    pending.running = true;
    while (pending.waiting.length > 0) {
      const waiting = pending.waiting.splice(0);
      const reach = pending.reach;
      pending.reach = 'local';
      const people = await this.lookUp(boardId, reach).catch((err: unknown) => {
        this.log.warn({ err, boardId }, 'could not list the people on a board');
        return [];
      });
      waiting.forEach((resolve) => resolve(people));
    }
    this.pending.delete(boardId);
  }

  private async lookUp(boardId: string, reach: Reach): Promise<PresenceEntry[]> {
    const own = await this.local(boardId);
    const others = this.clustered && !this.stopped ? await this.others(boardId) : [];
    if (this.stopped) return own;
    const room = roomOf(boardId);
    if (others === null) {
      // A node did not answer in time: lost, and not yet written off by the adapter. Show this
      // node's people here only (the other nodes' lists are better than this one), and ask again.
      this.retryLater(boardId);
      this.io.local.to(room).emit('board:presence', { boardId, people: own });
      return own;
    }
    const people = mergePresence([own, ...others]);
    (reach === 'all' ? this.io.to(room) : this.io.local.to(room)).emit('board:presence', { boardId, people });
    return people;
  }

  /** This node's entries of the board. */
  private async local(boardId: string): Promise<PresenceEntry[]> {
    return presenceEntries(await this.io.local.in(roomOf(boardId)).fetchSockets(), boardId);
  }

  /** The other nodes' entries of the board, or null when one did not answer in time. */
  private async others(boardId: string): Promise<PresenceEntry[][] | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), LOOKUP_TIMEOUT_MS)));
    try {
      // The adapter itself waits 5 s for a lost node; a join should not.
      return await Promise.race([this.io.serverSideEmitWithAck('presence:list', boardId), late]);
    } catch (err) {
      this.log.warn({ err, boardId }, 'a server node did not say who is on a board');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private retryLater(boardId: string): void {
    if (this.stopped || this.retries.has(boardId)) return;
    const timer = setTimeout(() => {
      this.retries.delete(boardId);
      void this.broadcast(boardId);
    }, RETRY_MS).unref();
    this.retries.set(boardId, timer);
  }

  /**
   * Sends the next share of this node's boards their list again, locally: every board once per
   * REFRESH_MS, spread over the period so hundreds of boards never ask the other nodes at once.
   */
  private refreshSome(): void {
    if (this.stopped) return;
    const boards = joinedBoards(this.io);
    const share = Math.ceil((boards.length * NODE_CHECK_MS) / REFRESH_MS);
    if (this.refreshFrom >= boards.length) this.refreshFrom = 0;
    boards
      .slice(this.refreshFrom, this.refreshFrom + share)
      .forEach((boardId) => void this.broadcast(boardId, 'local'));
    this.refreshFrom += share;
  }

  /** Refreshes every list this node's connections see when a node is lost (its people must go) or comes back. */
  private async checkNodes(): Promise<void> {
    const nodes = await this.io.of('/').adapter.serverCount();
    const changed = nodes !== this.nodes;
    this.nodes = nodes;
    if (changed && !this.stopped) joinedBoards(this.io).forEach((boardId) => void this.broadcast(boardId));
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
