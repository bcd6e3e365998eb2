import type * as Y from 'yjs';

export type SystemName = 'obeya' | 'relay';

/** What a move answers: admitted (Obeya: committed; relay: the server applied it), or why not. */
export type MoveResult = { ok: true } | { ok: false; reason: string };

/**
 * One person's view of one board, the same for both systems: a Yjs replica kept in sync, a way
 * to move a card, and what the initial sync cost.
 */
export interface BoardClient {
  readonly system: SystemName;
  readonly boardId: string;
  /** Which server node it is connected to. */
  readonly node: number;
  /** The replica now (Obeya replaces it when the server starts the board's document afresh). */
  readonly doc: Y.Doc;
  /** Calls `listener` after every change to the replica. */
  onChange(listener: () => void): void;
  /** From opening the connection to having the whole board. */
  readonly loadMs: number;
  /** Bytes of the initial sync as received. */
  readonly syncBytes: number;
  /** True once the connection dropped by itself. */
  readonly dropped: boolean;
  /** What the server said outside answers (lost access, errors), for diagnosing a missed update. */
  readonly notices: readonly string[];
  /** Sends a move of a card to another column; resolves with the system's answer. */
  move(cardId: string, toColumnId: string, laneId: string): Promise<MoveResult>;
  close(): void;
}

export interface ConnectOptions {
  node?: number;
  /** Relay only: a document state this client brings, so the relay holds the same board as Obeya. */
  seed?: Uint8Array;
}

/** Opens a new client; one that fails to open is closed, so nothing is left connecting. */
export async function opened<C extends { open(): Promise<void>; close(): void }>(client: C): Promise<C> {
  try {
    await client.open();
  } catch (err) {
    client.close();
    throw err;
  }
  return client;
}

/** How clients of one system connect. */
export interface Transport {
  readonly system: SystemName;
  connect(boardId: string, options?: ConnectOptions): Promise<BoardClient>;
}

/** The card's column in a replica: reads one field of one card, never the whole board. */
export function columnOf(doc: Y.Doc, cardId: string): unknown {
  return (doc.getMap<Y.Map<unknown>>('cards').get(cardId) as Y.Map<unknown> | undefined)?.get('columnId');
}
