import type { BoardState } from '@obeya/domain';
import { serviceLevel, type Report } from '@obeya/metrics';
import { NO_START_TIMES, boardSle, cardAges, flowKey, startTimes, type CardAge, type Sle } from './ageing.ts';

/** Moves come in bursts (a huddle, a drag across columns); fetch once they settle. */
const REFRESH_DEBOUNCE_MS = 1500;

/**
 * How long each card in progress has been in progress, against the board's SLE. Start times and
 * the SLE come from the board's metrics report, fetched when the board opens and again when
 * cards change columns; between fetches the ages grow with the shared clock.
 */
export class CardAgeing {
  #started = $state.raw<ReadonlyMap<string, number>>(NO_START_TIMES);
  #metricsSleMs = $state<number | null>(null);
  #loaded = $state(false);
  #key: string | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #destroyed = false;
  readonly #load: () => Promise<Report>;

  /** `load` fetches the board's metrics report (a person's session or a wall screen's token). */
  constructor(load: () => Promise<Report>) {
    this.#load = load;
  }

  /** The SLE from finished work (85th percentile, last 90 days); null without finished work. */
  get metricsSleMs(): number | null {
    return this.#metricsSleMs;
  }
  /** False until the first report is in (ages are not known yet). */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** The SLE the board is held to now. */
  sle(board: BoardState): Sle | null {
    return boardSle(this.#metricsSleMs, board.sleDays);
  }

  /** Each card in progress's age at `now`, by card id. */
  ages(board: BoardState, now: number): Map<string, CardAge> {
    return cardAges(board, this.#started, this.sle(board), now);
  }

  /** Tell it every new state of the board; start times are fetched again when cards changed columns. */
  watch(board: BoardState): void {
    const key = flowKey(board);
    if (key === this.#key) return;
    const first = this.#key === null;
    this.#key = key;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#refresh(), first ? 0 : REFRESH_DEBOUNCE_MS);
  }

  destroy(): void {
    this.#destroyed = true;
    clearTimeout(this.#timer);
  }

  async #refresh(): Promise<void> {
    try {
      const report = await this.#load();
      if (this.#destroyed) return;
      this.#started = startTimes(report);
      this.#metricsSleMs = serviceLevel(report).cycleTimeMs;
      this.#loaded = true;
    } catch {
      // Ages stay as last known; the next change of columns tries again.
    }
  }
}
