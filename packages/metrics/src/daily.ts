import { CardStatus } from './card-history.ts';
import type { CardHistory } from './card-history.ts';
import { upperBound } from './days.ts';
import { dayIndex } from './time-zone.ts';
import type { DayGrid } from './time-zone.ts';
import type { Flow } from './workflow.ts';

/** M9–M11 for every day of a period; `cfd[day][column]`. */
export interface DailyFlow {
  throughput: number[];
  wip: number[];
  cfd: number[][];
}

/** M9: the day of the grid on which a done card finished, or -1 if it is not done or finished outside the grid. */
export function finishedDay(grid: DayGrid, card: CardHistory): number {
  return card.status === CardStatus.done && card.finishedAt !== null ? dayIndex(grid, card.finishedAt) : -1;
}

/**
 * Counts M9–M11 one card at a time. A day's count is taken at its last millisecond, so each segment adds +1 at the
 * first day it covers and −1 after the last (difference arrays): the cost is per segment, never per card × day.
 */
export class DailyCounter {
  private readonly ends: readonly number[];
  private readonly days: number;
  private readonly columns: number;
  private readonly throughput: Int32Array;
  private readonly wipDiff: Int32Array;
  private readonly cfdDiff: Int32Array;

  constructor(
    private readonly grid: DayGrid,
    private readonly flow: Flow,
  ) {
    this.ends = grid.starts.slice(1);
    this.days = grid.dates.length;
    this.columns = flow.columnIds.length;
    this.throughput = new Int32Array(this.days);
    this.wipDiff = new Int32Array(this.days + 1);
    this.cfdDiff = new Int32Array((this.days + 1) * this.columns);
  }

  /** Adds one card's contribution. */
  add(card: CardHistory): void {
    const d = finishedDay(this.grid, card);
    if (d >= 0) this.throughput[d]! += 1;
    for (const s of card.segments) {
      // M11: discarded and archived cards leave the board; cards archived while done stay counted.
      if (s.status === CardStatus.discarded || s.status === CardStatus.archived) continue;
      // The days whose last millisecond (end − 1) lies in [s.start, s.end).
      const first = upperBound(this.ends, s.start);
      const last = upperBound(this.ends, s.end) - 1;
      if (first > last) continue;
      if (s.status === CardStatus.wip) {
        this.wipDiff[first]! += 1;
        this.wipDiff[last + 1]! -= 1;
      }
      this.cfdDiff[first * this.columns + s.column]! += 1;
      this.cfdDiff[(last + 1) * this.columns + s.column]! -= 1;
    }
  }

  /** The counts per day. */
  result(): DailyFlow {
    const wip: number[] = [];
    const cfd: number[][] = [];
    const inColumn = new Array<number>(this.columns).fill(0);
    let running = 0;
    for (let d = 0; d < this.days; d++) {
      running += this.wipDiff[d]!;
      wip.push(running);
      for (let c = 0; c < this.columns; c++) inColumn[c]! += this.cfdDiff[d * this.columns + c]!;
      // CFD bands are cumulative from the right: a card counts in every column up to the one it is in.
      const counts = new Array<number>(this.columns);
      let atOrRight = 0;
      for (let c = this.columns - 1; c >= 0; c--) {
        atOrRight += inColumn[c]!;
        counts[c] = atOrRight;
      }
      cfd.push(counts);
    }
    return { throughput: Array.from(this.throughput), wip, cfd };
  }
}
