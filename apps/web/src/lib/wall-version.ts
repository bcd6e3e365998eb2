/** How often an unattended screen asks which build is deployed, besides after each reconnect. */
export const VERSION_POLL_MS = 5 * 60_000;

export interface VersionWatchOptions {
  /** The build the server serves now (`GET /api/health`); null when it serves none. */
  fetchVersion: () => Promise<string | null>;
  /** A different build is deployed: the page must load it (`location.reload()`). */
  onNewVersion: () => void;
  pollMs?: number;
}

/**
 * Notices a new deployment, so a screen nobody touches for months never keeps running an old
 * build against a newer server. The first answer is the build this page was loaded with.
 */
export class VersionWatch {
  readonly #options: VersionWatchOptions;
  /** undefined until the first answer. */
  #loaded: string | null | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: VersionWatchOptions) {
    this.#options = options;
  }

  /** Learns the current build and asks again every few minutes; once started, does nothing. */
  start(): void {
    if (this.#timer !== undefined) return;
    void this.check();
    this.#timer = setInterval(() => void this.check(), this.#options.pollMs ?? VERSION_POLL_MS);
  }

  /** Asks now (after a reconnect: a restarted server may serve a new build). Unreachable: ask later. */
  async check(): Promise<void> {
    const version = await this.#options.fetchVersion().catch(() => undefined);
    if (version === undefined) return;
    if (this.#loaded === undefined) this.#loaded = version;
    // A server without a web build (development, API only) says nothing about this page's build.
    else if (version !== null && this.#loaded !== null && version !== this.#loaded) this.#options.onNewVersion();
  }

  destroy(): void {
    clearInterval(this.#timer);
  }
}
