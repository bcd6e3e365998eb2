import {
  PROTOCOL_VERSION,
  BoardReplica,
  toUint8Array,
  type ClientToServerEvents,
  type CommandAck,
  type JoinAck,
  type ServerToClientEvents,
} from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type * as Y from 'yjs';
import { opened, type BoardClient, type ConnectOptions, type MoveResult, type Transport } from './client.ts';

/**
 * Obeya's side of the harness: a socket.io client speaking the browser's protocol (token
 * handshake, `board:join` with a y-protocols step 1, `board:synced` updates, acknowledged
 * commands). Nothing else the browser does (presence display, card details) is done, to stay light.
 */
class ObeyaClient implements BoardClient {
  readonly system = 'obeya';
  private readonly replica = new BoardReplica(() => this.listeners.forEach((listener) => listener()));
  private readonly listeners: Array<() => void> = [];
  loadMs = NaN;
  syncBytes = 0;
  dropped = false;
  readonly notices: string[] = [];
  private closing = false;
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  constructor(
    url: string,
    token: string,
    readonly boardId: string,
    readonly node: number,
  ) {
    this.socket = io(url, {
      auth: { protocol: PROTOCOL_VERSION, token },
      transports: ['websocket'],
      // One connection per client, as each browser has its own.
      forceNew: true,
      // A dropped connection is a finding, not something to paper over.
      reconnection: false,
    });
    this.socket.on('board:synced', ({ boardId, epoch, message }) => {
      if (boardId === this.boardId) this.replica.apply(epoch, message);
    });
    this.socket.on('disconnect', () => (this.dropped ||= !this.closing));
    this.socket.on('board:access', ({ role }) => this.notices.push(`role ${role ?? 'none'}`));
    this.socket.on('error:raised', ({ code }) => this.notices.push(code));
  }

  async open(): Promise<void> {
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (err) => reject(err));
    });
    const ack = await this.replica.join(async (request) => {
      const answer = (await this.socket.timeout(60_000).emitWithAck('board:join', request)) as JoinAck;
      if (answer.ok) this.syncBytes = toUint8Array(answer.syncStep2).byteLength;
      return answer;
    }, this.boardId);
    if (!ack.ok) throw new Error(`join refused: ${ack.error.code} ${ack.error.message}`);
    this.loadMs = performance.now() - start;
  }

  async move(cardId: string, toColumnId: string): Promise<MoveResult> {
    const payload = { opId: randomUUID(), boardId: this.boardId, cardId, toColumnId };
    const emit = this.socket.timeout(30_000).emitWithAck as (event: string, p: unknown) => Promise<CommandAck>;
    try {
      const ack = await emit.call(this.socket, 'card:move', payload);
      return ack.ok ? { ok: true } : { ok: false, reason: ack.error.code };
    } catch {
      return { ok: false, reason: 'timeout' };
    }
  }

  close(): void {
    this.closing = true;
    this.socket.close();
    this.replica.destroy();
  }

  get doc(): Y.Doc {
    return this.replica.doc;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }
}

export class ObeyaTransport implements Transport {
  readonly system = 'obeya';

  constructor(
    private readonly urls: readonly string[],
    private readonly token: string,
  ) {}

  async connect(boardId: string, options: ConnectOptions = {}): Promise<BoardClient> {
    const node = options.node ?? 0;
    return opened(new ObeyaClient(this.urls[node] ?? '', this.token, boardId, node));
  }
}
