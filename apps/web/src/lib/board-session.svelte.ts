import {
  ErrorCode,
  commandRole,
  roleAllows,
  type BoardState,
  type CommandInput,
  type CommandName,
  type Rejection,
  type Role,
} from '@obeya/domain';
import {
  BoardReplica,
  PROTOCOL_VERSION,
  readBoard,
  type ClientToServerEvents,
  type CommandAck,
  type HandshakeRefusal,
  type JoinAck,
  type HandshakeAuth,
  type JoinRequest,
  type PresenceEntry,
  type ServerToClientEvents,
} from '@obeya/sync';
import { io, type Socket } from 'socket.io-client';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { CardContent } from './card-content.svelte.ts';
import { isNoOpMove, predictMove, withPendingMoves, type MoveRequest, type PendingMove } from './board-view.ts';

/** `connecting`: first contact; `live`: joined and receiving; `reconnecting`: lost, retrying; `failed`: gave up. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'failed';

/**
 * Why the board cannot be shown any more: the session or token ended (`signedOut`), or this
 * person's (or wall screen's) access to the board was removed (`removed`).
 */
export type AccessEnd = 'signedOut' | 'removed';

export interface BoardSessionOptions {
  boardId: string;
  /** A wall-screen token; without it the browser's session cookie identifies the person. */
  token?: string;
  /** Never offer changes, whatever the role (the wall screen). */
  readOnly?: boolean;
  /** A command or message was refused. */
  onRejected: (rejection: Rejection) => void;
  /** The session or token ended (the server said UNAUTHENTICATED); nothing more will come. */
  onSignedOut?: () => void;
}

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SendOptions {
  /** Operation id; a fresh one unless the caller keeps its own (a pending move). */
  opId?: string;
  /** Do not report a refusal through `onRejected`: the caller shows it where the action was taken. */
  quiet?: boolean;
}

/** The server's answer to a move; `waited`: the move was made or still open while disconnected. */
export interface MoveResult {
  ack: CommandAck;
  waited: boolean;
}

/**
 * Between tries after the server refused the handshake or the join for a reason that may pass (a
 * fault of its own, a deploy in progress), so an unattended screen recovers without a person.
 */
const RETRY_REFUSED_MS = 15_000;

const NO_ANSWER: Rejection = {
  code: ErrorCode.internal,
  message: 'The server did not answer in time; the change was not saved.',
};

/**
 * One open board: a local copy of the server's board document kept in sync over socket.io, the
 * commands this browser sends, and its not yet acknowledged moves shown on top of the copy.
 */
export class BoardSession {
  readonly boardId: string;
  // Not reactive on purpose: the socket and the replica are long-lived handles, `board` is what renders.
  readonly #socket: BoardSocket;
  readonly #replica = new BoardReplica((doc) => (this.#board = readBoard(doc)));
  readonly #options: BoardSessionOptions;

  #board = $state.raw<BoardState | null>(null);
  #presence = $state.raw<PresenceEntry[]>([]);
  #role = $state<Role | null>(null);
  #ended = $state<AccessEnd | null>(null);
  #status = $state<ConnectionStatus>('connecting');
  #joinError = $state.raw<Rejection | null>(null);
  /** Moves sent but not yet answered, by operation id, in the order they were made. */
  readonly #pending = new SvelteMap<string, PendingMove>();
  /** Pending moves that waited for a connection; their answer is reported to the person. */
  readonly #waited = new SvelteSet<string>();
  #retry: ReturnType<typeof setTimeout> | undefined;
  /** Cards whose details are open in this browser: opened again after every (re)join. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #cards = new Set<CardContent>();

  /** The board as it should render: synced state plus this browser's pending moves. */
  readonly view = $derived(this.#board && withPendingMoves(this.#board, this.#pending.values()));

  constructor(options: BoardSessionOptions) {
    this.boardId = options.boardId;
    this.#options = options;
    const auth: HandshakeAuth = options.token
      ? { protocol: PROTOCOL_VERSION, token: options.token }
      : { protocol: PROTOCOL_VERSION };
    // `retries` queues commands made while offline and resends them on reconnect; opId makes that safe.
    this.#socket = io({
      auth,
      transports: ['websocket'],
      ackTimeout: 10_000,
      retries: 10,
    });
    this.#listen();
  }

  /** Who is on the board now (people and wall screens), as the server knows them. */
  get presence(): PresenceEntry[] {
    return this.#presence;
  }
  /** This connection's role on the board; null until joined (show the board read-only until then). */
  get role(): Role | null {
    return this.#role;
  }
  /** Set when the board can no longer be shown: signed out or access removed. */
  get ended(): AccessEnd | null {
    return this.#ended;
  }

  /** True when the role allows sending `command` (the server checks again; this only hides controls). */
  can(command: CommandName): boolean {
    return !this.#options.readOnly && this.#ended === null && roleAllows(this.#role, commandRole[command]);
  }
  get status(): ConnectionStatus {
    return this.#status;
  }
  get joinError(): Rejection | null {
    return this.#joinError;
  }

  /** True while a move of this card waits for the server's answer. */
  isPending(cardId: string): boolean {
    for (const move of this.#pending.values()) if (move.cardId === cardId) return true;
    return false;
  }

  /** Sends a command; a refusal is returned and, unless `quiet`, reported through `onRejected`. */
  async send<N extends CommandName>(name: N, fields: CommandInput<N>, options: SendOptions = {}): Promise<CommandAck> {
    const payload = { opId: options.opId ?? crypto.randomUUID(), boardId: this.boardId, ...fields };
    const emit = this.#socket.emitWithAck.bind(this.#socket) as (event: N, p: typeof payload) => Promise<CommandAck>;
    const ack = await emit(name, payload).catch((): CommandAck => ({ ok: false, error: NO_ANSWER }));
    if (!ack.ok && !options.quiet) this.#options.onRejected(ack.error);
    return ack;
  }

  /**
   * Moves a card, showing it in its new place as pending until the server answers. A refusal is
   * not reported here: the caller snaps the card back with the reason, or asks for one.
   */
  async move(request: MoveRequest): Promise<MoveResult> {
    const view = this.view;
    const predicted = view && !isNoOpMove(view, request) ? predictMove(view, request) : null;
    if (!predicted) return { ack: { ok: true }, waited: false };
    const opId = crypto.randomUUID();
    this.#pending.set(opId, predicted);
    if (this.#status !== 'live') this.#waited.add(opId);
    try {
      const ack = await this.send('card:move', request, { opId, quiet: true });
      return { ack, waited: this.#waited.has(opId) };
    } finally {
      this.#pending.delete(opId);
      this.#waited.delete(opId);
    }
  }

  /** Opens a card's content (description, comments) on this board's connection; close it when done. */
  openCard(cardId: string): CardContent {
    // Closed a moment ago with edits still on their way: the same copy carries on.
    const closing = [...this.#cards].find((c) => c.cardId === cardId);
    if (closing?.revive()) return closing;
    const content = new CardContent(this.#socket, this.boardId, cardId, () => this.#cards.delete(content));
    this.#cards.add(content);
    if (this.#status === 'live') void content.open();
    return content;
  }

  /** True while a card's text typed here has not reached the server (leaving the page would lose it). */
  get unsaved(): boolean {
    return [...this.#cards].some((c) => c.unsaved);
  }

  /** Tells everyone on the board which card this browser is dragging (`null`: none any more). */
  setDragging(cardId: string | null): void {
    // Not volatile: a volatile message is dropped while the socket is writing, and "stopped" must arrive.
    if (this.#status === 'live') this.#socket.emit('board:dragging', { boardId: this.boardId, cardId });
  }

  destroy(): void {
    for (const content of this.#cards) content.close();
    clearTimeout(this.#retry);
    this.#socket.disconnect();
    this.#replica.destroy();
  }

  #listen(): void {
    const socket = this.#socket;
    // Every (re)connect joins again with the same document, so only what is missing is transferred.
    socket.on('connect', () => void this.#join());
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect' || this.#ended) return;
      this.#status = 'reconnecting';
      for (const opId of this.#pending.keys()) this.#waited.add(opId);
      // After a server-side disconnect socket.io does not retry by itself; anything but an ended session retries.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (err) => {
      if (socket.active) {
        this.#status = this.#status === 'connecting' ? 'connecting' : 'reconnecting';
      } else if (isUnauthenticated(err)) {
        this.#end('signedOut');
      } else {
        // The server refused the handshake: another protocol version (a reload is needed) or a
        // fault of its own. Shown as failed; tried again now and then, since a fault may pass.
        this.#status = 'failed';
        this.#joinError = { code: ErrorCode.internal, message: err.message };
        this.#retryLater(() => this.#socket.connect());
      }
    });
    socket.on('board:synced', ({ boardId, epoch, message }) => {
      if (boardId === this.boardId) this.#replica.apply(epoch, message);
    });
    socket.on('board:presence', ({ boardId, people }) => {
      if (boardId === this.boardId) this.#presence = people;
    });
    socket.on('board:access', ({ boardId, role }) => {
      if (boardId !== this.boardId) return;
      if (role === null) this.#end('removed');
      else {
        this.#role = role;
        // Whether open cards may be edited follows the role: they are opened again to learn it.
        for (const content of this.#cards) void content.open();
      }
    });
    socket.on('error:raised', (rejection) => {
      // Cursors and drags sent just before a reconnect arrive before the board is joined again;
      // the join that follows puts everything right, so there is nothing to tell the person.
      if (rejection.code === ErrorCode.notJoined) return;
      if (rejection.code === ErrorCode.unauthenticated) this.#end('signedOut');
      else this.#options.onRejected(rejection);
    });
  }

  /** Runs `action` after a pause, unless the board has ended by then. */
  #retryLater(action: () => void): void {
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      if (!this.#ended) action();
    }, RETRY_REFUSED_MS);
  }

  /** Stops for good: nothing more will come from this board on this connection. */
  #end(why: AccessEnd): void {
    clearTimeout(this.#retry);
    if (this.#ended) return;
    this.#ended = why;
    this.#role = null;
    this.#status = 'failed';
    this.#socket.disconnect();
    if (why === 'signedOut') this.#options.onSignedOut?.();
  }

  async #join(): Promise<void> {
    // Applying an answer that arrives after its connection is gone is harmless (Yjs is idempotent).
    const send = (request: JoinRequest) =>
      this.#socket.emitWithAck('board:join', request).catch((): JoinAck => ({ ok: false, error: NO_ANSWER }));
    const ack = await this.#replica.join(send, this.boardId);
    if (!this.#socket.connected) return; // the status belongs to the connection now current
    if (!ack.ok) {
      this.#joinError = ack.error;
      if (ack.error.code === ErrorCode.unauthenticated) this.#end('signedOut');
      else if (ack.error.code === ErrorCode.boardNotFound || ack.error.code === ErrorCode.forbidden) {
        this.#status = 'failed';
        this.#socket.disconnect();
      } else {
        // No answer in time, or a fault on the server: the connection is fine, so join again later.
        this.#retryLater(() => this.#socket.connected && void this.#join());
      }
      return;
    }
    this.#role = ack.role;
    this.#board = readBoard(this.#replica.doc);
    this.#presence = ack.presence;
    this.#joinError = null;
    this.#status = 'live';
    for (const content of this.#cards) void content.open();
  }
}

/** A refused handshake that means "no valid session or token" (the server's `connect_error`). */
function isUnauthenticated(err: Error & { data?: unknown }): boolean {
  return (err.data as Partial<HandshakeRefusal> | undefined)?.code === ErrorCode.unauthenticated;
}
