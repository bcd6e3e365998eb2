import { ErrorCode, type BoardState, type CommandInput, type CommandName, type Rejection } from '@obeya/domain';
import {
  PROTOCOL_VERSION,
  applySyncMessage,
  joinBoard,
  readBoard,
  type ClientToServerEvents,
  type CommandAck,
  type JoinAck,
  type JoinRequest,
  type ServerToClientEvents,
} from '@obeya/sync';
import { io, type Socket } from 'socket.io-client';
import { SvelteMap } from 'svelte/reactivity';
import * as Y from 'yjs';
import { isNoOpMove, predictMove, withPendingMoves, type MoveRequest, type PendingMove } from './board-view.ts';

/** `connecting`: first contact; `live`: joined and receiving; `reconnecting`: lost, retrying; `failed`: gave up. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'failed';

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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
  // Not reactive on purpose: the socket and the Y.Doc are long-lived handles, `board` is what renders.
  readonly #socket: BoardSocket;
  readonly #doc = new Y.Doc();
  readonly #onRejected: (rejection: Rejection) => void;

  #board = $state.raw<BoardState | null>(null);
  #presence = $state(0);
  #status = $state<ConnectionStatus>('connecting');
  #joinError = $state.raw<Rejection | null>(null);
  /** Moves sent but not yet answered, by operation id, in the order they were made. */
  readonly #pending = new SvelteMap<string, PendingMove>();

  /** The board as it should render: synced state plus this browser's pending moves. */
  readonly view = $derived(this.#board && withPendingMoves(this.#board, this.#pending.values()));

  constructor(boardId: string, onRejected: (rejection: Rejection) => void) {
    this.boardId = boardId;
    this.#onRejected = onRejected;
    this.#doc.on('update', () => (this.#board = readBoard(this.#doc)));
    // `retries` queues commands made while offline and resends them on reconnect; opId makes that safe.
    this.#socket = io({
      auth: { protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      ackTimeout: 10_000,
      retries: 10,
    });
    this.#listen();
  }

  get presence(): number {
    return this.#presence;
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

  /** Sends a command; a refusal is reported through `onRejected` and returned. */
  async send<N extends CommandName>(name: N, fields: CommandInput<N>, opId = crypto.randomUUID()): Promise<CommandAck> {
    const payload = { opId, boardId: this.boardId, ...fields };
    const emit = this.#socket.emitWithAck.bind(this.#socket) as (event: N, p: typeof payload) => Promise<CommandAck>;
    const ack = await emit(name, payload).catch((): CommandAck => ({ ok: false, error: NO_ANSWER }));
    if (!ack.ok) this.#onRejected(ack.error);
    return ack;
  }

  /** Moves a card, showing it in its new place as pending until the server answers. */
  async move(request: MoveRequest): Promise<CommandAck> {
    const view = this.view;
    const predicted = view && !isNoOpMove(view, request) ? predictMove(view, request) : null;
    if (!predicted) return { ok: true };
    const opId = crypto.randomUUID();
    this.#pending.set(opId, predicted);
    try {
      return await this.send('card:move', request, opId);
    } finally {
      this.#pending.delete(opId);
    }
  }

  destroy(): void {
    this.#socket.disconnect();
    this.#doc.destroy();
  }

  #listen(): void {
    const socket = this.#socket;
    // Every (re)connect joins again with the same document, so only what is missing is transferred.
    socket.on('connect', () => void this.#join());
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') this.#status = 'reconnecting';
    });
    socket.on('connect_error', (err) => {
      if (socket.active) {
        this.#status = this.#status === 'connecting' ? 'connecting' : 'reconnecting';
      } else {
        // The server refused the handshake (e.g. another protocol version): retrying will not help.
        this.#status = 'failed';
        this.#joinError = { code: ErrorCode.internal, message: err.message };
      }
    });
    socket.on('board:synced', ({ boardId, message }) => {
      if (boardId === this.boardId) applySyncMessage(this.#doc, message);
    });
    socket.on('board:presence', ({ boardId, count }) => {
      if (boardId === this.boardId) this.#presence = count;
    });
    socket.on('error:raised', (rejection) => this.#onRejected(rejection));
  }

  async #join(): Promise<void> {
    // Applying an answer that arrives after its connection is gone is harmless (Yjs is idempotent).
    const send = (request: JoinRequest) =>
      this.#socket.emitWithAck('board:join', request).catch((): JoinAck => ({ ok: false, error: NO_ANSWER }));
    const ack = await joinBoard(send, this.#doc, this.boardId);
    if (!this.#socket.connected) return; // the status belongs to the connection now current
    if (!ack.ok) {
      this.#joinError = ack.error;
      if (ack.error.code === ErrorCode.boardNotFound) {
        this.#status = 'failed';
        this.#socket.disconnect();
      }
      return;
    }
    this.#board = readBoard(this.#doc);
    this.#presence = ack.presence;
    this.#joinError = null;
    this.#status = 'live';
  }
}
