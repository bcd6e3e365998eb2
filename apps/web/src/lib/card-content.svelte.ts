import { ErrorCode, type CardComment, type Rejection } from '@obeya/domain';
import {
  applySyncMessage,
  descriptionOf,
  encodeSyncStep1,
  readComments,
  toUint8Array,
  type CardOpenAck,
  type ClientToServerEvents,
  type CommandAck,
  type ServerToClientEvents,
} from '@obeya/sync';
import type { Socket } from 'socket.io-client';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';

export type CardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** `opening`: waiting for the server's copy; `live`: in sync; `offline`: changes wait for the connection. */
export type ContentStatus = 'opening' | 'live' | 'offline' | 'failed';

/** Where an update came from, so updates from the server are never sent back to it. */
const SERVER = 'server';

/** Pause before sending an edit again that the server did not take for a passing reason. */
const RETRY_MS = 1000;

/**
 * Least time between two edits, and between two cursor updates, sent to the server: a fast typist
 * makes ten changes a second, and the server allows each connection about twenty messages a second.
 */
const EDIT_EVERY_MS = 100;
const CURSOR_EVERY_MS = 200;

const NO_ANSWER: Rejection = { code: ErrorCode.internal, message: 'The server did not answer in time.' };

/** Refusals after which this browser's copy may hold text the server never took: start again from the server's. */
const RESYNC = new Set<string>([ErrorCode.payloadTooLarge, ErrorCode.invalidPayload, ErrorCode.forbidden]);

/**
 * One card's content (description and comments) while its details are open: a local copy of the
 * card's content document, kept in step with the server's over the board's socket. Local edits
 * go to the server one batch at a time, in order; whatever is not acknowledged when the connection
 * drops is sent again as the difference to the server's state when the card is opened again, so
 * text typed offline merges when the connection returns.
 */
export class CardContent {
  doc = $state.raw(new Y.Doc());
  awareness = $state.raw(new awarenessProtocol.Awareness(this.doc));
  status = $state<ContentStatus>('opening');
  canEdit = $state(false);
  comments = $state.raw<CardComment[]>([]);
  /** True while edits wait for the server's acknowledgement (or for the connection). */
  saving = $state(false);
  /** Why the last edit was refused, in words; cleared by the next accepted edit. */
  problem = $state<string | null>(null);

  #queue: Uint8Array[] = [];
  #inFlight = false;
  /** Local edits the server has not acknowledged yet (queued, in flight, or lost with the connection). */
  #unsynced = false;
  #lastEdit = 0;
  #editTimer: ReturnType<typeof setTimeout> | undefined;
  /** Awareness clients changed since the last cursor update was sent. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #awarenessChanged = new Set<number>();
  #cursorTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Closed by the person, but waiting for unsent edits to be stored first. */
  #closing = false;
  #closed = false;
  readonly #offs: Array<() => void> = [];

  constructor(
    private readonly socket: CardSocket,
    readonly boardId: string,
    readonly cardId: string,
    private readonly onClose: () => void = () => undefined,
  ) {
    this.#attach();
    const onSynced: ServerToClientEvents['card:synced'] = ({ cardId: id, message }) => {
      if (id === this.cardId) applySyncMessage(this.doc, message, SERVER);
    };
    const onAwareness: ServerToClientEvents['card:awareness'] = ({ cardId: id, update }) => {
      if (id === this.cardId) awarenessProtocol.applyAwarenessUpdate(this.awareness, toUint8Array(update), SERVER);
    };
    const onDisconnect = () => {
      if (this.status !== 'failed') this.status = 'offline';
    };
    socket.on('card:synced', onSynced);
    socket.on('card:awareness', onAwareness);
    socket.on('disconnect', onDisconnect);
    this.#offs.push(
      () => socket.off('card:synced', onSynced),
      () => socket.off('card:awareness', onAwareness),
      () => socket.off('disconnect', onDisconnect),
    );
  }

  /** The description the editor binds to; it changes only when the copy is rebuilt from the server. */
  get description(): Y.Text {
    return descriptionOf(this.doc);
  }

  /** Opens (again) on the server: called whenever the board is joined, after every reconnect. */
  async open(): Promise<void> {
    if (this.#closed) return;
    this.status = this.status === 'live' ? 'live' : 'opening';
    const doc = this.doc;
    const ack = await this.socket
      .emitWithAck('card:open', { boardId: this.boardId, cardId: this.cardId, syncStep1: encodeSyncStep1(doc) })
      .catch((): CardOpenAck => ({ ok: false, error: NO_ANSWER }));
    // An answer for a copy since rebuilt, or for a card since closed, is not this copy's to apply.
    if (this.#closed || doc !== this.doc) return;
    if (!ack.ok) {
      this.problem = ack.error.message;
      this.status = 'failed';
      return;
    }
    applySyncMessage(this.doc, ack.syncStep2, SERVER);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, toUint8Array(ack.awareness), SERVER);
    this.canEdit = ack.canEdit;
    this.status = 'live';
    // Everything the server lacks (typed offline, or in flight when the connection dropped) goes as one update.
    this.#queue = [];
    this.#inFlight = false;
    if (ack.canEdit && this.#unsynced) this.#queue.push(Y.encodeStateAsUpdate(this.doc, toUint8Array(ack.stateVector)));
    this.#sendAwareness([this.doc.clientID]);
    this.#flush(true);
  }

  /** True while this browser holds text the server has not acknowledged (leaving would lose it). */
  get unsaved(): boolean {
    return this.#unsynced;
  }

  /** Adds a comment as the signed-in person; resolves with the server's answer. */
  /** `opId`: the same for every try of one comment, so a retry after no answer adds it once. */
  addComment(body: string, opId: string): Promise<CommandAck> {
    return this.#command('comment:add', { body }, opId);
  }

  editComment(commentId: string, body: string): Promise<CommandAck> {
    return this.#command('comment:edit', { commentId, body }, crypto.randomUUID());
  }

  /**
   * Stops syncing and tells the server this browser no longer has the card open. Edits not yet
   * sent go first; edits made offline keep the card open (hidden) until they are delivered on
   * reconnecting.
   */
  close(): void {
    if (this.#closed || this.#closing) return;
    if (this.#unsynced) {
      this.#closing = true;
      this.#flush(true);
      if (this.#unsynced) return; // offline, or an edit in flight: `#flush` closes once they are stored
    }
    this.#finishClose();
  }

  /** Takes back a close still waiting for edits to be stored (the card was opened again); false if too late. */
  revive(): boolean {
    if (!this.#closing || this.#closed) return false;
    this.#closing = false;
    return true;
  }

  #finishClose(): void {
    this.#closed = true;
    clearTimeout(this.#editTimer);
    clearTimeout(this.#cursorTimer);
    clearTimeout(this.#retryTimer);
    this.onClose();
    for (const off of this.#offs) off();
    if (this.socket.connected) this.socket.emit('card:close', { boardId: this.boardId, cardId: this.cardId });
    this.awareness.destroy();
    this.doc.destroy();
  }

  #command(
    name: 'comment:add' | 'comment:edit',
    fields: { body: string; commentId?: string },
    opId: string,
  ): Promise<CommandAck> {
    const payload = { opId, boardId: this.boardId, cardId: this.cardId, ...fields };
    const emit = this.socket.emitWithAck.bind(this.socket) as (event: string, p: typeof payload) => Promise<CommandAck>;
    return emit(name, payload).catch((): CommandAck => ({ ok: false, error: NO_ANSWER }));
  }

  /** Listens to the current copy: local edits are queued for the server, comments re-read. */
  #attach(): void {
    const doc = this.doc;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === SERVER) {
        this.comments = readComments(doc);
        return;
      }
      this.#queue.push(update);
      this.#unsynced = true;
      // After the current task: what the editor does in the same turn (cutting a paste to the
      // limit) goes in the same update.
      queueMicrotask(() => this.#flush());
    });
    const awareness = this.awareness;
    awareness.on('update', ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
      // Only this browser's own state: others' come from the server, or time out here by themselves.
      const own = [...added, ...updated, ...removed].filter((id) => id === awareness.clientID);
      if (origin !== SERVER && awareness === this.awareness) this.#sendAwareness(own);
    });
    this.comments = readComments(doc);
  }

  /** Sends this browser's cursor, at most every CURSOR_EVERY_MS (changes in between go together). */
  #sendAwareness(clients: number[]): void {
    for (const id of clients) this.#awarenessChanged.add(id);
    if (this.#cursorTimer === undefined) this.#emitAwareness();
  }

  #emitAwareness(): void {
    if (this.#closed || this.status !== 'live' || this.#awarenessChanged.size === 0) return;
    const clients = [...this.#awarenessChanged].filter((id) => this.awareness.meta.has(id));
    this.#awarenessChanged.clear();
    if (clients.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients);
    // Not volatile: a volatile message is dropped while the socket is writing, and the last
    // position must arrive.
    this.socket.emit('card:awareness', { boardId: this.boardId, cardId: this.cardId, update });
    this.#cursorTimer = setTimeout(() => {
      this.#cursorTimer = undefined;
      this.#emitAwareness();
    }, CURSOR_EVERY_MS);
  }

  /**
   * Sends the queued edits as one update, one batch at a time so the server takes them in order;
   * `now` skips the pause between batches (closing, reopening).
   */
  #flush(now = false): void {
    this.saving = this.#queue.length > 0 || this.#inFlight;
    if (this.#inFlight || this.#queue.length === 0 || this.status !== 'live' || !this.canEdit) return;
    const wait = this.#lastEdit + EDIT_EVERY_MS - Date.now();
    if (wait > 0 && !now) {
      this.#editTimer ??= setTimeout(() => {
        this.#editTimer = undefined;
        this.#flush();
      }, wait);
      return;
    }
    this.#lastEdit = Date.now();
    const update = Y.mergeUpdates(this.#queue);
    this.#queue = [];
    this.#inFlight = true;
    this.saving = true;
    const doc = this.doc;
    void this.socket
      .emitWithAck('card:edit', { boardId: this.boardId, cardId: this.cardId, update })
      .catch((): CommandAck => ({ ok: false, error: NO_ANSWER }))
      .then((ack) => {
        if (doc !== this.doc || this.#closed) return;
        this.#inFlight = false;
        if (ack.ok) {
          this.problem = null;
          this.#unsynced = this.#queue.length > 0;
          if (this.#closing && !this.#unsynced) return this.#finishClose();
        } else if (RESYNC.has(ack.error.code)) return this.#resync(ack.error);
        else if (ack.error.code === ErrorCode.notFound) {
          this.problem = 'This card is no longer on the board; your last change was not saved.';
          this.status = 'failed';
          return;
        } else if (this.status === 'live') {
          // Not taken for a reason that passes (too many messages, a fault): try again in a moment.
          // If the connection dropped instead, the next open sends it as part of the difference.
          this.#queue.unshift(update);
          this.#retryTimer = setTimeout(() => this.#flush(this.#closing), RETRY_MS);
          return;
        }
        this.#flush(this.#closing);
      });
  }

  /**
   * The server refused an edit: this copy holds text the server will never have, and Yjs would hold
   * back every later edit built on it. Starts again from the server's copy.
   */
  #resync(error: Rejection): void {
    this.problem =
      error.code === ErrorCode.forbidden
        ? 'You can no longer edit this card; your last change was not saved.'
        : `${error.message} Your last change was not saved.`;
    // Nothing may be typed into the new, empty copy before the server's text is in it.
    this.status = 'opening';
    clearTimeout(this.#cursorTimer);
    clearTimeout(this.#retryTimer);
    this.#cursorTimer = undefined;
    this.awareness.destroy();
    this.doc.destroy();
    this.doc = new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.#awarenessChanged.clear();
    this.#queue = [];
    this.#inFlight = false;
    this.#unsynced = false;
    if (this.#closing) return this.#finishClose();
    this.#attach();
    void this.open();
  }
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}
