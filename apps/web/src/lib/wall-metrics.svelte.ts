import type { Report } from '@obeya/metrics';
import { createApiClient, type ApiClient } from '@obeya/sync';

/** Ages and this week's throughput change with time alone. */
const REFRESH_MS = 60_000;

export interface WallMetricsOptions {
  boardId: string;
  /** The wall-screen token, sent as `Authorization: Bearer`. */
  token: string;
}

/**
 * The board's metrics report on a wall screen: one source for the key figures and the cards'
 * ages. Fetched whenever `load` is called (the card ageing calls it when cards change columns,
 * the screen after a reconnect) and every minute. A failed fetch keeps the last report.
 */
export class WallMetrics {
  readonly #options: WallMetricsOptions;
  #report = $state.raw<Report | null>(null);
  #updatedAt = $state<number | null>(null);
  #timer: ReturnType<typeof setInterval> | undefined;
  /** The fetch under way, shared by callers that ask at the same time. */
  #inFlight: Promise<Report> | null = null;

  readonly #api: ApiClient;

  constructor(options: WallMetricsOptions) {
    this.#options = options;
    // Signed in by the wall-screen token rather than a session cookie.
    this.#api = createApiClient('', undefined, { token: options.token });
  }

  /** The latest report; null until one arrived. */
  get report(): Report | null {
    return this.#report;
  }
  /** When `report` was fetched (ms since the epoch). */
  get updatedAt(): number | null {
    return this.#updatedAt;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.load().catch(() => undefined), REFRESH_MS);
  }

  /** Fetches the report now; it becomes `report` as well as the answer. */
  load(): Promise<Report> {
    this.#inFlight ??= this.#fetch()
      .then((report) => {
        this.#report = report;
        this.#updatedAt = Date.now();
        return report;
      })
      .finally(() => (this.#inFlight = null));
    return this.#inFlight;
  }

  destroy(): void {
    clearInterval(this.#timer);
  }

  #fetch(): Promise<Report> {
    return this.#api.metrics(this.#options.boardId);
  }
}
