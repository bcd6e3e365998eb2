import { rankAfterAll } from '@obeya/domain';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { opened, type BoardClient, type ConnectOptions, type MoveResult, type Transport } from './client.ts';

/** Ranks of the cards in one cell, read field by field (no whole-board read). */
function cellRanks(doc: Y.Doc, columnId: string, laneId: string): string[] {
  const ranks: string[] = [];
  doc.getMap<Y.Map<unknown>>('cards').forEach((card) => {
    if (card.get('columnId') === columnId && card.get('laneId') === laneId) ranks.push(String(card.get('rank')));
  });
  return ranks;
}

/**
 * Whether a Hocuspocus message is a y-protocols sync step 2 (document name, 0 = sync, 1 = step 2):
 * the part comparable with the `syncStep2` of Obeya's join answer.
 */
function isSyncStep2(data: ArrayBuffer): boolean {
  const decoder = decoding.createDecoder(new Uint8Array(data));
  decoding.readVarString(decoder);
  return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 1;
}

/**
 * The relay's side of the harness: a HocuspocusProvider on its own WebSocket. A move is the very
 * Y.Map write Obeya's server makes for `card.moved` (column, lane, rank at the bottom of the
 * cell), done by the client on its replica, since a plain relay has no referee.
 */
class RelayClient implements BoardClient {
  readonly system = 'relay';
  readonly doc = new Y.Doc();
  loadMs = NaN;
  syncBytes = 0;
  dropped = false;
  readonly notices: string[] = [];
  private closing = false;
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly provider: HocuspocusProvider;
  /** Moves waiting for the relay's "applied" (SyncStatus): one at a time per client here. */
  private waiting: Array<() => void> = [];

  constructor(
    url: string,
    readonly boardId: string,
    readonly node: number,
    seed: Uint8Array | undefined,
  ) {
    if (seed) Y.applyUpdate(this.doc, seed);
    this.socket = new HocuspocusProviderWebsocket({
      url,
      WebSocketPolyfill: WebSocket,
      // Without awareness nothing arrives on a quiet board; don't reconnect for that.
      messageReconnectTimeout: 3_600_000,
    });
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: boardId,
      document: this.doc,
      // No cursors: Obeya's harness clients send no presence either.
      awareness: null,
    });
    this.provider.on('message', ({ event }: { event: { data: ArrayBuffer } }) => {
      if (isSyncStep2(event.data)) this.syncBytes += event.data.byteLength;
    });
    this.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number !== 0) return;
      const waiting = this.waiting;
      this.waiting = [];
      waiting.forEach((resolve) => resolve());
    });
    this.provider.on('disconnect', () => (this.dropped ||= !this.closing));
  }

  /** Resolves once synced and, for a seeding client, once the relay applied what it brought. */
  async open(): Promise<void> {
    const start = performance.now();
    this.provider.attach();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('relay sync timed out')), 120_000);
      const check = () => {
        if (!this.provider.isSynced || this.provider.hasUnsyncedChanges) return;
        clearTimeout(timer);
        this.provider.off('synced', check);
        this.provider.off('unsyncedChanges', check);
        resolve();
      };
      this.provider.on('synced', check);
      this.provider.on('unsyncedChanges', check);
    });
    this.loadMs = performance.now() - start;
  }

  move(cardId: string, toColumnId: string, laneId: string): Promise<MoveResult> {
    const card = this.doc.getMap<Y.Map<unknown>>('cards').get(cardId);
    if (!card) return Promise.resolve({ ok: false, reason: 'NOT_FOUND' });
    const applied = new Promise<MoveResult>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, reason: 'timeout' }), 30_000);
      this.waiting.push(() => {
        clearTimeout(timer);
        resolve({ ok: true });
      });
    });
    const rank = rankAfterAll(cellRanks(this.doc, toColumnId, laneId));
    this.doc.transact(() => {
      card.set('columnId', toColumnId);
      card.set('laneId', laneId);
      card.set('rank', rank);
    });
    return applied;
  }

  onChange(listener: () => void): void {
    this.doc.on('update', listener);
  }

  close(): void {
    this.closing = true;
    this.provider.destroy();
    this.socket.destroy();
    this.doc.destroy();
  }
}

export class RelayTransport implements Transport {
  readonly system = 'relay';

  constructor(private readonly urls: readonly string[]) {}

  async connect(boardId: string, options: ConnectOptions = {}): Promise<BoardClient> {
    const node = options.node ?? 0;
    return opened(new RelayClient(this.urls[node] ?? '', boardId, node, options.seed));
  }
}
