import { CardEventTable } from './card-events.ts';
import { replayCard } from './card-history.ts';
import type { CardHistory } from './card-history.ts';
import { finishedDay } from './daily.ts';
import { addDays, daysBetween, isDate } from './days.ts';
import type { FlowLog } from './flow-log.ts';
import { DEFAULT_TRIALS, forecastHowMany, forecastWhen } from './forecast.ts';
import type { HowManyAnswer } from './forecast.ts';
import type { DayCount } from './report.ts';
import { dayGrid, zonedDate } from './time-zone.ts';
import type { DayGrid } from './time-zone.ts';
import { compileFlow } from './workflow.ts';

export const DEFAULT_WINDOW_DAYS = 30;

/** The days whose throughput a forecast resamples: the `days` whole days before `now`'s day. */
export interface ThroughputWindow {
  from: string;
  to: string;
  timeZone: string;
  days: number;
  total: number;
  daily: DayCount[];
}

export interface ForecastOptions {
  now: number;
  seed: number;
  windowDays?: number;
  trials?: number;
}

/** The options of a forecast on a window already counted: the window fixes its own length. */
export type WindowForecastOptions = Omit<ForecastOptions, 'windowDays'>;

interface ForecastBase {
  /** `now`'s day; forecast days are counted from the day after it. */
  today: string;
  window: ThroughputWindow;
  trials: number;
  seed: number;
}

export interface WhenReport extends ForecastBase {
  question: 'when';
  items: number;
  answers: { percent: number; days: number | null; date: string | null }[];
}

export interface HowManyReport extends ForecastBase {
  question: 'how-many';
  by: string;
  days: number;
  answers: HowManyAnswer[];
}

/**
 * M9 over the forecast window, one card at a time, so a caller that already replays every card can count it on
 * the way. Today is left out because it is not over: its throughput so far would drag every forecast down.
 */
export class ThroughputWindowCounter {
  private readonly from: string;
  private readonly to: string;
  private readonly grid: DayGrid;
  private readonly throughput: Int32Array;

  constructor(
    private readonly timeZone: string,
    now: number,
    private readonly windowDays = DEFAULT_WINDOW_DAYS,
  ) {
    if (!Number.isInteger(windowDays) || windowDays < 1) throw new RangeError('the window must be at least one day');
    const today = zonedDate(now, timeZone);
    this.from = addDays(today, -windowDays);
    this.to = addDays(today, -1);
    this.grid = dayGrid(this.from, this.to, timeZone);
    this.throughput = new Int32Array(windowDays);
  }

  add(card: CardHistory): void {
    const d = finishedDay(this.grid, card);
    if (d >= 0) this.throughput[d]! += 1;
  }

  result(): ThroughputWindow {
    const daily = this.grid.dates.map((date, d) => ({ date, count: this.throughput[d] ?? 0 }));
    const total = this.throughput.reduce((a, b) => a + b, 0);
    return { from: this.from, to: this.to, timeZone: this.timeZone, days: this.windowDays, total, daily };
  }
}

/** M9 over the forecast window: the `windowDays` whole days before `now`'s day. */
export function throughputWindow(log: FlowLog, now: number, windowDays = DEFAULT_WINDOW_DAYS): ThroughputWindow {
  const flow = compileFlow(log.workflow);
  const counter = new ThroughputWindowCounter(flow.timeZone, now, windowDays);
  const table = new CardEventTable(log.events, flow, now);
  for (let k = 0; k < table.size; k++) {
    const card = replayCard(table, k, flow);
    if (card) counter.add(card);
  }
  return counter.result();
}

/** M18 "when will `items` be done", with the date each answer falls on. */
export function forecastWhenReport(log: FlowLog, options: ForecastOptions & { items: number }): WhenReport {
  checkItems(options.items);
  return whenReport(throughputWindow(log, options.now, options.windowDays), options);
}

/** M18 "how many by `by`" (inclusive), counting the days after today. */
export function forecastHowManyReport(log: FlowLog, options: ForecastOptions & { by: string }): HowManyReport {
  checkBy(options.by);
  return howManyReport(throughputWindow(log, options.now, options.windowDays), options);
}

/** `forecastWhenReport` on a window already counted, for callers that count it in their own pass. */
export function whenReport(window: ThroughputWindow, options: WindowForecastOptions & { items: number }): WhenReport {
  const { now, seed, items, trials = DEFAULT_TRIALS } = options;
  checkItems(items);
  const today = zonedDate(now, window.timeZone);
  const answers = forecastWhen(
    window.daily.map((d) => d.count),
    items,
    { seed, trials },
  ).map(({ percent, days }) => ({ percent, days, date: days === null ? null : addDays(today, days) }));
  return { question: 'when', items, today, window, trials, seed, answers };
}

/** `forecastHowManyReport` on a window already counted, for callers that count it in their own pass. */
export function howManyReport(
  window: ThroughputWindow,
  options: WindowForecastOptions & { by: string },
): HowManyReport {
  const { now, seed, by, trials = DEFAULT_TRIALS } = options;
  checkBy(by);
  const today = zonedDate(now, window.timeZone);
  const days = daysBetween(today, by);
  if (days < 1) throw new RangeError(`the date must be after today (${today})`);
  const answers = forecastHowMany(
    window.daily.map((d) => d.count),
    days,
    { seed, trials },
  );
  return { question: 'how-many', by, days, today, window, trials, seed, answers };
}

// The report functions check their arguments before replaying the log, so a typo fails fast.
function checkItems(items: number): void {
  if (!Number.isInteger(items) || items < 1) throw new RangeError('items must be a whole number of at least 1');
}

function checkBy(by: string): void {
  if (!isDate(by)) throw new RangeError(`the date must be YYYY-MM-DD, not "${by}"`);
}
