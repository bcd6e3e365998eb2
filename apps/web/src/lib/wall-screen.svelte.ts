import type { BoardState } from '@obeya/domain';
import { ApiError, createApiClient, type WallIdentity } from '@obeya/sync';
import { untrack } from 'svelte';
import { BoardSession, type ConnectionStatus } from './board-session.svelte.ts';
import { BoardUi } from './board-ui.svelte.ts';
import { CardAgeing } from './card-ageing.svelte.ts';
import { messageOf } from './errors.ts';
import { WallMetrics } from './wall-metrics.svelte.ts';
import { MoveTracker, NO_MOVES, type SeenMoves } from './wall-moves.ts';
import { VersionWatch } from './wall-version.ts';

/** Between tries to reach the server at start; a wall screen is unattended, so it keeps trying. */
const RETRY_MS = 5000;

/** `starting`: finding the board; `showing`: the board is live; `revoked`: the token no longer works. */
export type WallStatus = 'starting' | 'showing' | 'revoked';

/** What a wall screen shows once its board is found. */
export interface WallBoard {
  session: BoardSession;
  ui: BoardUi;
  metrics: WallMetrics;
}

/**
 * A wall screen signed in by the token in its URL, never by a person: it asks the server which
 * board the token may read and shows it live, read-only, until the token is revoked. Nobody is
 * there to press a button, so it also notices by itself when its data goes stale, catches up
 * after reconnecting, and reloads when a new build of the app is deployed.
 */
export class WallScreen {
  readonly #token: string;
  readonly #api;
  #identity = $state.raw<WallIdentity | null>(null);
  #shown = $state.raw<WallBoard | null>(null);
  #revoked = $state(false);
  #problem = $state<string | null>(null);
  #staleSince = $state<number | null>(null);
  #wasLive = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #destroyed = false;
  readonly #version: VersionWatch;
  readonly #stopWatching: () => void;
  readonly #tracker = new MoveTracker();
  #moves = $state.raw<SeenMoves>(NO_MOVES);

  /** `reload` loads the page again (a new build is deployed); replaceable for tests. */
  constructor(token: string, reload: () => void = () => location.reload()) {
    this.#token = token;
    this.#api = createApiClient('', (input, init) => fetch(input, init), { token });
    this.#version = new VersionWatch({
      fetchVersion: async () => (await this.#api.health()).version,
      onNewVersion: reload,
    });
    // The screen, not a component, owns these: they live exactly as long as it does.
    this.#stopWatching = $effect.root(() => {
      $effect(() => this.#connectionChanged(this.#shown?.session.status ?? null));
      $effect(() => {
        const view = this.#shown?.session.view;
        if (view) untrack(() => this.#boardChanged(view));
      });
    });
  }

  get status(): WallStatus {
    if (this.#revoked || this.#shown?.session.ended) return 'revoked';
    return this.#shown ? 'showing' : 'starting';
  }
  /** The live board with what is shown about it, once found. */
  get shown(): WallBoard | null {
    return this.#shown;
  }
  /** The name the admin gave this screen. */
  get name(): string | null {
    return this.#identity?.name ?? null;
  }
  /** Why the board is not showing yet (the server cannot be reached), while retrying. */
  get problem(): string | null {
    return this.#problem;
  }
  /** Cards seen changing column since the screen opened. */
  get moves(): SeenMoves {
    return this.#moves;
  }
  /** When the connection was lost (ms since the epoch): what is shown is as of then. Null while live. */
  get staleSince(): number | null {
    return this.#staleSince;
  }

  async start(): Promise<void> {
    this.#version.start();
    try {
      const me = await this.#api.me();
      if (this.#destroyed) return;
      if (!me.wall) throw new ApiError(401, 'UNAUTHENTICATED', 'This link is not a wall-screen link.');
      this.#identity = me.wall;
      this.#problem = null;
      this.#shown = this.#open(me.wall.boardId);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 404)) {
        this.#revoked = true;
        return;
      }
      this.#problem = messageOf(err);
      this.#timer = setTimeout(() => void this.start(), RETRY_MS);
    }
  }

  destroy(): void {
    this.#destroyed = true;
    clearTimeout(this.#timer);
    this.#stopWatching();
    this.#version.destroy();
    this.#shown?.metrics.destroy();
    this.#shown?.ui.ageing?.destroy();
    this.#shown?.session.destroy();
  }

  #open(boardId: string): WallBoard {
    const session = new BoardSession({
      boardId,
      token: this.#token,
      readOnly: true,
      onRejected: () => undefined, // a read-only screen sends nothing that could be refused
    });
    const metrics = new WallMetrics({ boardId, token: this.#token });
    metrics.start();
    // One report serves the cards' ages and the key figures.
    const ui = new BoardUi(session, undefined, new CardAgeing(() => metrics.load()));
    return { session, ui, metrics };
  }

  #boardChanged(view: BoardState): void {
    this.#moves = this.#tracker.observe(view, Date.now());
    this.#shown?.ui.ageing?.watch(view);
  }

  #connectionChanged(status: ConnectionStatus | null): void {
    untrack(() => {
      if (status === 'live') {
        if (this.#wasLive) this.#caughtUp();
        this.#wasLive = true;
        this.#staleSince = null;
      } else if (status !== null && this.#wasLive) {
        this.#staleSince ??= Date.now();
        // Refused outright: perhaps a new build speaks another protocol; loading it fixes that.
        if (status === 'failed') void this.#version.check();
      }
    });
  }

  /** Live again after a loss: the server may have been redeployed, and the figures are behind. */
  #caughtUp(): void {
    void this.#version.check();
    void this.#shown?.metrics.load().catch(() => undefined);
  }
}
