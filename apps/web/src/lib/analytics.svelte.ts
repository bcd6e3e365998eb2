import type { BoardState } from '@obeya/domain';
import type { Analytics } from '@obeya/metrics';
import type { AnalyticsQuery } from '@obeya/sync';
import { flowKey } from './ageing.ts';
import { messageOf } from './errors.ts';
import { SETTLE_MS, SettledRefresh } from './settled-refresh.ts';

/** What the charts depend on: where cards are, which are blocked, and the workflow settings. */
export function analyticsKey(board: BoardState): string {
  const blocked = board.cards.filter((c) => c.blocked).map((c) => `${c.id}:${c.blocked?.reason}`);
  const kinds = board.columns.map((c) => `${c.id}:${c.kind}`);
  return [flowKey(board), ...blocked.sort(), ...kinds, board.slePercent, board.sleWindowDays].join('|');
}

/**
 * The analytics of one board for the question on the page, kept live: fetched again when the
 * question changes and when the board's cards move (the page watches the board's document).
 */
export class AnalyticsSource {
  #data = $state.raw<Analytics | null>(null);
  #error = $state<string | null>(null);
  #loading = $state(false);
  #query = $state.raw<AnalyticsQuery>({});
  #asked = 0;
  #destroyed = false;
  readonly #load: (query: AnalyticsQuery) => Promise<Analytics>;
  readonly #refresh = new SettledRefresh<BoardState>(analyticsKey, () => void this.refresh(), SETTLE_MS);

  constructor(load: (query: AnalyticsQuery) => Promise<Analytics>, query: AnalyticsQuery = {}) {
    this.#load = load;
    this.#query = query;
  }

  /** The latest answer; kept while a newer one loads, so charts do not blink. */
  get data(): Analytics | null {
    return this.#data;
  }
  get error(): string | null {
    return this.#error;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get query(): AnalyticsQuery {
    return this.#query;
  }

  /** Asks a new question (a period, forecast inputs) and fetches its answer. */
  ask(query: AnalyticsQuery): Promise<void> {
    this.#query = query;
    return this.refresh();
  }

  /** Tell it every new state of the board. */
  watch(board: BoardState): void {
    this.#refresh.watch(board);
  }

  async refresh(): Promise<void> {
    const asked = ++this.#asked;
    this.#loading = true;
    try {
      const data = await this.#load(this.#query);
      // An older question answered late must not overwrite a newer answer.
      if (asked !== this.#asked || this.#destroyed) return;
      this.#data = data;
      this.#error = null;
    } catch (err) {
      if (asked === this.#asked) this.#error = messageOf(err);
    } finally {
      if (asked === this.#asked) this.#loading = false;
    }
  }

  destroy(): void {
    this.#destroyed = true;
    this.#refresh.stop();
  }
}
