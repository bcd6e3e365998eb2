import { ApiError, createApiClient, type WallIdentity } from '@obeya/sync';
import { BoardSession } from './board-session.svelte.ts';
import { messageOf } from './errors.ts';

/** Between tries to reach the server at start; a wall screen is unattended, so it keeps trying. */
const RETRY_MS = 5000;

/** `starting`: finding the board; `showing`: the board is live; `revoked`: the token no longer works. */
export type WallStatus = 'starting' | 'showing' | 'revoked';

/**
 * A wall screen signed in by the token in its URL, never by a person: it asks the server which
 * board the token may read and shows it live, read-only, until the token is revoked.
 */
export class WallScreen {
  readonly #token: string;
  readonly #api;
  #identity = $state.raw<WallIdentity | null>(null);
  #board = $state.raw<BoardSession | null>(null);
  #revoked = $state(false);
  #problem = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #destroyed = false;

  constructor(token: string) {
    this.#token = token;
    this.#api = createApiClient('', (input, init) => fetch(input, init), { token });
  }

  get status(): WallStatus {
    if (this.#revoked || this.#board?.ended) return 'revoked';
    return this.#board ? 'showing' : 'starting';
  }
  /** The live board, once found. */
  get board(): BoardSession | null {
    return this.#board;
  }
  /** The name the admin gave this screen. */
  get name(): string | null {
    return this.#identity?.name ?? null;
  }
  /** Why the board is not showing yet (the server cannot be reached), while retrying. */
  get problem(): string | null {
    return this.#problem;
  }

  async start(): Promise<void> {
    try {
      const me = await this.#api.me();
      if (this.#destroyed) return;
      if (!me.wall) throw new ApiError(401, 'UNAUTHENTICATED', 'This link is not a wall-screen link.');
      this.#identity = me.wall;
      this.#problem = null;
      this.#board = new BoardSession({
        boardId: me.wall.boardId,
        token: this.#token,
        readOnly: true,
        onRejected: () => undefined, // a read-only screen sends nothing that could be refused
      });
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
    this.#board?.destroy();
  }
}
