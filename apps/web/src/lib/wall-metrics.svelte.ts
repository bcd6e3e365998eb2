import type { Report } from '@obeya/metrics';

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

  constructor(options: WallMetricsOptions) {
    this.#options = options;
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

  // The REST client of @obeya/sync has no call for the metrics route (sync does not know the
  // metrics types), so the wall asks for it itself, with its token.
  async #fetch(): Promise<Report> {
    const { boardId, token } = this.#options;
    const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`metrics: HTTP ${res.status}`);
    return (await res.json()) as Report;
  }
}
