import { CardEventTable } from './card-events.ts';
import { replayCard } from './card-history.ts';
import { DailyCounter } from './daily.ts';
import { addDays, daysBetween, isDate } from './days.ts';
import type { FlowLog } from './flow-log.ts';
import { DEFAULT_TRIALS, forecastHowMany, forecastWhen } from './forecast.ts';
import type { HowManyAnswer } from './forecast.ts';
import type { DayCount } from './report.ts';
import { dayGrid, zonedDate } from './time-zone.ts';
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
 * M9 over the forecast window. Today is left out because it is not over: its throughput so far would drag every
 * forecast down.
 */
export function throughputWindow(log: FlowLog, now: number, windowDays = DEFAULT_WINDOW_DAYS): ThroughputWindow {
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new RangeError('the window must be at least one day');
  const flow = compileFlow(log.workflow);
  const today = zonedDate(now, flow.timeZone);
  const from = addDays(today, -windowDays);
  const to = addDays(today, -1);
  const grid = dayGrid(from, to, flow.timeZone);
  const counter = new DailyCounter(grid, flow);
  const table = new CardEventTable(log.events, flow, now);
  for (let k = 0; k < table.size; k++) {
    const card = replayCard(table, k, flow);
    if (card) counter.add(card);
  }
  const { throughput } = counter.result();
  const daily = grid.dates.map((date, d) => ({ date, count: throughput[d] ?? 0 }));
  const total = throughput.reduce((a, b) => a + b, 0);
  return { from, to, timeZone: flow.timeZone, days: windowDays, total, daily };
}

/** M18 "when will `items` be done", with the date each answer falls on. */
export function forecastWhenReport(log: FlowLog, options: ForecastOptions & { items: number }): WhenReport {
  const { now, seed, items, trials = DEFAULT_TRIALS } = options;
  if (!Number.isInteger(items) || items < 1) throw new RangeError('items must be a whole number of at least 1');
  const window = throughputWindow(log, now, options.windowDays);
  const today = zonedDate(now, window.timeZone);
  const answers = forecastWhen(
    window.daily.map((d) => d.count),
    items,
    { seed, trials },
  ).map(({ percent, days }) => ({ percent, days, date: days === null ? null : addDays(today, days) }));
  return { question: 'when', items, today, window, trials, seed, answers };
}

/** M18 "how many by `by`" (inclusive), counting the days after today. */
export function forecastHowManyReport(log: FlowLog, options: ForecastOptions & { by: string }): HowManyReport {
  const { now, seed, by, trials = DEFAULT_TRIALS } = options;
  if (!isDate(by)) throw new RangeError(`the date must be YYYY-MM-DD, not "${by}"`);
  const window = throughputWindow(log, now, options.windowDays);
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
