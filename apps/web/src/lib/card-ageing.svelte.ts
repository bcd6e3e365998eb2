import type { BoardState } from '@obeya/domain';
import type { Report } from '@obeya/metrics';
import {
  NO_START_TIMES,
  boardSle,
  cardAges,
  flowKey,
  metricsSleMs,
  startTimes,
  type CardAge,
  type Sle,
} from './ageing.ts';
import { SETTLE_MS, SettledRefresh } from './settled-refresh.ts';

/**
 * How long each card in progress has been in progress, against the board's SLE. Start times and
 * the SLE come from the board's metrics report, fetched when the board opens and again when
 * cards change columns; between fetches the ages grow with the shared clock. The SLE is taken at
 * the board's own percentile and window, so changing those needs no new report.
 */
export class CardAgeing {
  #started = $state.raw<ReadonlyMap<string, number>>(NO_START_TIMES);
  #report = $state.raw<Report | null>(null);
  /** The last SLE computed from the report, reused while the report and the settings stay. */
  #sleCache: { report: Report; percent: number | null; windowDays: number | null; ms: number | null } | null = null;
  #loaded = $state(false);
  #destroyed = false;
  readonly #load: () => Promise<Report>;
  readonly #refreshing = new SettledRefresh<BoardState>(flowKey, () => void this.#refresh(), SETTLE_MS);

  /** `load` fetches the board's metrics report (a person's session or a wall screen's token). */
  constructor(load: () => Promise<Report>) {
    this.#load = load;
  }

  /** The board's latest metrics report; null until the first is in. */
  get report(): Report | null {
    return this.#report;
  }

  /** The SLE from finished work at the board's percentile and window; null without finished work. */
  metricsSleMs(board: BoardState): number | null {
    const report = this.#report;
    if (!report) return null;
    const { slePercent: percent, sleWindowDays: windowDays } = board;
    const cache = this.#sleCache;
    if (cache?.report === report && cache.percent === percent && cache.windowDays === windowDays) return cache.ms;
    const ms = metricsSleMs(report, board);
    this.#sleCache = { report, percent, windowDays, ms };
    return ms;
  }
  /** False until the first report is in (ages are not known yet). */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** The SLE the board is held to now. */
  sle(board: BoardState): Sle | null {
    return boardSle(this.metricsSleMs(board), board.sleDays);
  }

  /** Each card in progress's age at `now`, by card id. */
  ages(board: BoardState, now: number): Map<string, CardAge> {
    return cardAges(board, this.#started, this.sle(board), now);
  }

  /** Tell it every new state of the board; start times are fetched again when cards changed columns. */
  watch(board: BoardState): void {
    this.#refreshing.watch(board);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#refreshing.stop();
  }

  async #refresh(): Promise<void> {
    try {
      const report = await this.#load();
      if (this.#destroyed) return;
      this.#started = startTimes(report);
      this.#report = report;
      this.#loaded = true;
    } catch {
      // Ages stay as last known; the next change of columns tries again.
    }
  }
}
