/** Moves come in bursts (a huddle, a drag across columns): how long the board stays still before a refresh. */
export const SETTLE_MS = 1500;

/**
 * Refreshes something derived from a board once the board settles after a change that matters:
 * moves come in bursts (a huddle, a drag across columns), so it waits `delayMs` after the last
 * one. `keyOf` says what matters; states with the same key do not refresh. The first state
 * refreshes at once.
 */
export class SettledRefresh<T> {
  #key: string | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly keyOf: (state: T) => string,
    private readonly refresh: () => void,
    private readonly delayMs: number,
  ) {}

  /** Tell it every new state. */
  watch(state: T): void {
    const key = this.keyOf(state);
    if (key === this.#key) return;
    const first = this.#key === null;
    this.#key = key;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(this.refresh, first ? 0 : this.delayMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
