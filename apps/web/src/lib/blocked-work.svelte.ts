import type { BlockedCard, BoardListItem } from '@obeya/sync';
import { api } from './api.ts';
import { BoardSession, type ConnectionStatus } from './board-session.svelte.ts';
import { blockedCardsOf, byLongestBlocked } from '@obeya/sync';
import { messageOf } from './errors.ts';

/** New boards shared with the person show up within this long. */
const BOARD_LIST_REFRESH_MS = 60_000;

/** The worst first: the list is only as current as its least connected board. */
const STATUS_ORDER: readonly ConnectionStatus[] = ['failed', 'reconnecting', 'connecting', 'live'];

export interface BlockedWorkOptions {
  /** The session or token ended while watching. */
  onSignedOut: () => void;
}

/**
 * Every blocked card on every board the person may see, kept live: one read-only board session
 * per board, the list derived from their synced documents. `GET /api/blocked` fills the list
 * until each board's document has arrived, so the page is never empty while connecting.
 */
export class BlockedWork {
  #sessions = $state.raw<BoardSession[]>([]);
  #fromServer = $state.raw<BlockedCard[]>([]);
  #loaded = $state(false);
  #loadError = $state<string | null>(null);
  #timer: ReturnType<typeof setInterval> | undefined;
  #destroyed = false;
  readonly #options: BlockedWorkOptions;

  /** Every blocked card, the longest blocked first. */
  readonly items = $derived.by(() =>
    this.#sessions
      .filter((s) => s.ended === null)
      .flatMap((s) => (s.view ? blockedCardsOf(s.view) : this.#fromServer.filter((i) => i.boardId === s.boardId)))
      .sort(byLongestBlocked),
  );

  /** How current the list is: `live` only when every board is. */
  readonly status = $derived.by((): ConnectionStatus => {
    const statuses = this.#sessions.filter((s) => s.ended === null).map((s) => s.status);
    return STATUS_ORDER.find((s) => statuses.includes(s)) ?? (this.#loaded ? 'live' : 'connecting');
  });

  constructor(options: BlockedWorkOptions) {
    this.#options = options;
  }

  /** False until the boards are known (then an empty list means nothing is blocked). */
  get loaded(): boolean {
    return this.#loaded;
  }
  get loadError(): string | null {
    return this.#loadError;
  }
  /** How many boards are watched. */
  get boardCount(): number {
    return this.#sessions.filter((s) => s.ended === null).length;
  }

  async start(): Promise<void> {
    try {
      const [{ boards }, { blocked }] = await Promise.all([api.listBoards(), api.listBlocked()]);
      if (this.#destroyed) return;
      this.#fromServer = blocked;
      this.#watch(boards);
      this.#loaded = true;
      this.#timer = setInterval(() => void this.#refreshBoards(), BOARD_LIST_REFRESH_MS);
    } catch (err) {
      this.#loadError = messageOf(err);
    }
  }

  destroy(): void {
    this.#destroyed = true;
    clearInterval(this.#timer);
    for (const session of this.#sessions) session.destroy();
    this.#sessions = [];
  }

  async #refreshBoards(): Promise<void> {
    const boards = await api.listBoards().catch(() => null);
    if (boards && !this.#destroyed) this.#watch(boards.boards);
  }

  /** Opens a session for each board not yet watched, closes those of boards no longer listed. */
  #watch(boards: readonly BoardListItem[]): void {
    const wanted = boards.map((b) => b.id);
    const kept = this.#sessions.filter((s) => wanted.includes(s.boardId));
    for (const session of this.#sessions) if (!wanted.includes(session.boardId)) session.destroy();
    const added = boards
      .filter((b) => !kept.some((s) => s.boardId === b.id))
      .map(
        (b) =>
          new BoardSession({
            boardId: b.id,
            readOnly: true,
            // Read-only: nothing is sent that could be refused.
            onRejected: () => undefined,
            onSignedOut: () => this.#options.onSignedOut(),
          }),
      );
    if (added.length > 0 || kept.length !== this.#sessions.length) this.#sessions = [...kept, ...added];
  }
}
