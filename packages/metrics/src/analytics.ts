import { CardPass } from './card-pass.ts';
import type { FinishedCardInPeriod } from './card-pass.ts';
import { DAY_MS, addDays, isoWeeks } from './days.ts';
import { flowEfficiency } from './efficiency.ts';
import type { CardEvent, ColumnKind, FlowLog, Waste } from './flow-log.ts';
import { ThroughputWindowCounter, howManyReport, whenReport } from './forecast-report.ts';
import type { HowManyReport, ThroughputWindow, WhenReport } from './forecast-report.ts';
import { formatInstant } from './instant.ts';
import type { Period } from './period.ts';
import { ascending, percentile, windowCycleTimes } from './percentiles.ts';
import type { FinishedCard } from './percentiles.ts';
import { dailySeries, reportPeriod } from './report.ts';
import type { DayCount, Report } from './report.ts';
import { serviceLevelWindow } from './service-level.ts';
import type { ServiceLevelWindow } from './service-level.ts';
import { dayIndex, zonedDate } from './time-zone.ts';
import { ColumnTimeCounter, blockersByWaste, withCumulativeShare } from './value-stream.ts';
import type { ValueStream } from './value-stream.ts';
import type { Flow } from './workflow.ts';

/** A1: the analytics period's default length, ending on `now`'s day. */
export const DEFAULT_ANALYTICS_DAYS = 90;
/** A8: the forecast questions the page asks unless told otherwise. */
export const DEFAULT_FORECAST_ITEMS = 10;
export const DEFAULT_FORECAST_HORIZON_DAYS = 14;
export const DEFAULT_FORECAST_SEED = 1;

/** What the analytics page asks for; every field but `now` has a default. */
export interface AnalyticsOptions {
  /**
   * First and last day of the period (YYYY-MM-DD); by default the 90 days ending on `now`'s day (A1: `from` defaults
   * to `now`'s day − 89 even when `to` is given).
   */
  from?: string;
  to?: string;
  /** Instead of `from`: the period starts so that this many days end on `now`'s day (default 90). */
  days?: number;
  now: number;
  /** M17: the SLE percentile (default 85) and the window of days it is taken from (default 90). */
  slePercent?: number;
  sleWindowDays?: number;
  /** M18: "when will `items` be done" (default 10) and "how many by `by`" (default 14 days after today). */
  items?: number;
  by?: string;
  /** Forecast seed (default 1, so the page shows the same answer on every refresh) and window (default 30 days). */
  seed?: number;
  forecastWindowDays?: number;
}

/** Cycle-time percentiles (M16) in milliseconds; null when no card finished. */
export interface PercentileLines {
  p50: number | null;
  p70: number | null;
  p85: number | null;
  p95: number | null;
}

export interface WeekCount {
  /** The Monday the week starts on (YYYY-MM-DD); the first and last week may be cut by the period. */
  week: string;
  count: number;
}

/** Everything the analytics page draws, for one board and one period. Durations in ms, instants ISO-8601 UTC. */
export interface Analytics {
  period: Report['period'];
  workflow: { columns: { id: string; name: string; kind: ColumnKind }[]; start: string; finish: string };
  /** A3 cycle-time scatterplot: every card finished in the period, by finish instant, and the lines over them. */
  cycleTime: {
    /** `title` is the card's earliest `created` event's title, or its id if none has one. */
    cards: { id: string; title: string; finishedAt: string; cycleTimeMs: number }[];
    lines: PercentileLines;
  };
  /** M9 per day, and A2 summed per ISO week. */
  throughput: { daily: DayCount[]; weekly: WeekCount[] };
  wip: DayCount[];
  cfd: Report['cfd'];
  /** A4 ageing WIP: each wip card's age (M7) by column, against the SLE (M17) and the bands of that window. */
  ageing: {
    /** `from`–`to`: the window's first and last day, `to` being `now`'s day. */
    sle: { percent: number; windowDays: number; from: string; to: string; cycleTimeMs: number | null };
    bands: PercentileLines;
    /** Every card `wip` at `now`, oldest first; `blocked`: blocked at `now`. */
    cards: { id: string; title: string; column: string; ageMs: number; blocked: boolean }[];
  };
  /** M13 for the period, and A5 per week over the cards finished in that week (null where none finished). */
  efficiency: { period: number | null; weekly: { week: string; value: number | null; finished: number }[] };
  /**
   * A6 the value stream over the started columns (S ≤ idx < F): M14 card-time worked and waited, and M19 the median
   * time a card finished in the period spent in the column (null when none did); `cards`: how many did.
   */
  valueStream: { column: string; activeMs: number; waitingMs: number; medianMs: number | null; cards: number }[];
  /** A7: M15 clusters by reason, and summed by waste; both ranked by time, with the running share for a Pareto line. */
  blockers: {
    byReason: { reason: string; waste: Waste; count: number; ms: number; cumulativeShare: number }[];
    byWaste: { waste: Waste; count: number; ms: number; cumulativeShare: number }[];
  };
  /** A8: both M18 questions, on the same throughput window. */
  forecast: { when: WhenReport; howMany: HowManyReport };
  /** M20: Little's law over the period up to `now`, L = λ × W. */
  littlesLaw: {
    /** The span's length in days (`ms / 86 400 000`, fractional while the period holds `now`). */
    days: number;
    /** Time-weighted: card-time in progress ÷ the span's length. */
    averageWip: number;
    throughputPerDay: number;
    /** The mean cycle time of the cards finished in the period; null when none did. */
    averageCycleTimeDays: number | null;
    /** λ × W; null when nothing finished. */
    predictedWip: number | null;
  };
}

/** A1: how many days the period holds when `from` is not given. */
function lastDays({ days, from }: AnalyticsOptions): number {
  if (days === undefined) return DEFAULT_ANALYTICS_DAYS;
  if (from !== undefined) throw new RangeError('give the period as days or as a from date, not both');
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError(`days must be a whole number of at least 1, not ${days}`);
  return days;
}

/**
 * Computes every chart of the analytics page from a flow log, replaying each card once. Throws a RangeError for a
 * bad period or option.
 */
export function computeAnalytics(log: FlowLog, options: AnalyticsOptions): Analytics {
  const { now } = options;
  const pass = new CardPass(log, { from: options.from, to: options.to, now, lastDays: lastDays(options) });
  const { flow, period } = pass;
  // The windows are checked before any card is replayed; the forecast questions when they are asked.
  const sle = serviceLevelWindow(now, flow.timeZone, {
    percent: options.slePercent,
    windowDays: options.sleWindowDays,
  });
  const forecastWindow = new ThroughputWindowCounter(flow.timeZone, now, options.forecastWindowDays);
  // The SLE and forecast windows need not lie inside the period, so they are fed from every card.
  const done: FinishedCard[] = [];
  const wip: WipCard[] = [];
  const columnTimes = new ColumnTimeCounter(flow.columnIds.length, now);
  const { daily, stream, finished } = pass.run((card, times, inPeriod) => {
    forecastWindow.add(card);
    if (inPeriod) columnTimes.add(card);
    if (card.finishedAt !== null && times.cycleTimeMs !== null) {
      done.push({ finishedAt: card.finishedAt, cycleTimeMs: times.cycleTimeMs });
    }
    // The card is wip, so its blocker at now counts (M15).
    if (times.ageMs !== null) {
      wip.push({ id: card.id, column: card.column, ageMs: times.ageMs, blocked: card.blocker !== null });
    }
  });
  const titles = cardTitles(log.events, now);
  const series = dailySeries(period, daily, flow);
  const weeks = weekly(period, daily.throughput, finished);
  return {
    period: reportPeriod(period, flow, now),
    workflow: workflowOf(flow),
    cycleTime: cycleTimeScatter(finished, titles),
    throughput: { daily: series.throughput, weekly: weeks.throughput },
    wip: series.wip,
    cfd: series.cfd,
    ageing: ageing(sle, done, wip, titles, flow),
    efficiency: { period: flowEfficiency(finished), weekly: weeks.efficiency },
    valueStream: valueStream(flow, stream, columnTimes.result()),
    blockers: {
      byReason: withCumulativeShare(stream.blockers),
      byWaste: withCumulativeShare(blockersByWaste(stream.blockers)),
    },
    forecast: forecasts(forecastWindow.result(), options, flow.timeZone),
    littlesLaw: littlesLaw(period, now, stream, finished),
  };
}

/** M16 at the four lines the charts draw, over ascending values. */
export function percentileLines(sorted: ArrayLike<number>): PercentileLines {
  return {
    p50: percentile(sorted, 50),
    p70: percentile(sorted, 70),
    p85: percentile(sorted, 85),
    p95: percentile(sorted, 95),
  };
}

/**
 * A3: each card's title, from its earliest `created` event (at or before `now`) with a non-empty one. Titles are
 * not in the card table, and one scan of the events is cheaper than widening the table every report replays.
 */
function cardTitles(events: readonly CardEvent[], now: number): Map<string, { at: number; title: string }> {
  const titles = new Map<string, { at: number; title: string }>();
  for (const e of events) {
    if (e.type !== 'created' || !e.title || e.at > now) continue;
    const seen = titles.get(e.card);
    // Strictly earlier only: an event with the same instant comes later in the file.
    if (!seen || e.at < seen.at) titles.set(e.card, { at: e.at, title: e.title });
  }
  return titles;
}

function titleOf(titles: Map<string, { title: string }>, id: string): string {
  return titles.get(id)?.title ?? id;
}

function workflowOf(flow: Flow): Analytics['workflow'] {
  const { columns, start, finish } = flow.workflow;
  return { columns: columns.map(({ id, name, kind }) => ({ id, name, kind })), start, finish };
}

/** A3: the cards finished in the period by finish instant (a stable sort keeps log order on ties), and M16 lines. */
function cycleTimeScatter(
  finished: readonly FinishedCardInPeriod[],
  titles: Map<string, { title: string }>,
): Analytics['cycleTime'] {
  const cards = [...finished]
    .sort((a, b) => a.finishedAt - b.finishedAt)
    .map(({ id, finishedAt, cycleTimeMs }) => ({
      id,
      title: titleOf(titles, id),
      finishedAt: formatInstant(finishedAt),
      cycleTimeMs,
    }));
  return { cards, lines: percentileLines(ascending(finished.map((f) => f.cycleTimeMs))) };
}

/** A2 and A5: M9 summed by ISO week, and M13 over the cards finished in each week. */
function weekly(
  period: Period,
  throughput: readonly number[],
  finished: readonly FinishedCardInPeriod[],
): { throughput: WeekCount[]; efficiency: Analytics['efficiency']['weekly'] } {
  const { weeks, weekOf } = isoWeeks(period.grid.dates);
  const counts = new Array<number>(weeks.length).fill(0);
  throughput.forEach((n, d) => (counts[weekOf[d]!]! += n));
  const finishedIn = weeks.map((): FinishedCardInPeriod[] => []);
  // Every card here finished inside the period, so its day is on the grid.
  for (const f of finished) finishedIn[weekOf[dayIndex(period.grid, f.finishedAt)]!]!.push(f);
  return {
    throughput: weeks.map((week, w) => ({ week, count: counts[w]! })),
    efficiency: weeks.map((week, w) => {
      const cards = finishedIn[w]!;
      return { week, value: flowEfficiency(cards), finished: cards.length };
    }),
  };
}

/** A card `wip` at `now` as A4 shows it; numbers rather than the card, so its history is not kept to the end. */
interface WipCard {
  id: string;
  column: number;
  ageMs: number;
  blocked: boolean;
}

/** A4: the wip cards at `now`, oldest first, against M17 and the bands of the same window's cycle times. */
function ageing(
  sle: ServiceLevelWindow,
  done: readonly FinishedCard[],
  wip: readonly WipCard[],
  titles: Map<string, { title: string }>,
  flow: Flow,
): Analytics['ageing'] {
  // One sorted set for both, so the SLE is always one of the bands' values when its percent is one of theirs.
  const inWindow = windowCycleTimes(done, { from: sle.start, to: sle.end });
  const { percent, windowDays, from, to } = sle;
  const cards = [...wip]
    .sort((a, b) => b.ageMs - a.ageMs)
    .map(({ id, column, ageMs, blocked }) => ({
      id,
      title: titleOf(titles, id),
      column: flow.columnIds[column] ?? '',
      ageMs,
      blocked,
    }));
  return {
    sle: { percent, windowDays, from, to, cycleTimeMs: percentile(inWindow, percent) },
    bands: percentileLines(inWindow),
    cards,
  };
}

/** A6: the started columns left to right, with M14's card-time and M19's medians. */
function valueStream(flow: Flow, stream: ValueStream, timeInColumn: readonly number[][]): Analytics['valueStream'] {
  const steps: Analytics['valueStream'] = [];
  for (let c = flow.start; c < flow.finish; c++) {
    const values = timeInColumn[c] ?? [];
    steps.push({
      column: flow.columnIds[c] ?? '',
      activeMs: stream.activeByColumn[c] ?? 0,
      waitingMs: stream.waitingByColumn[c] ?? 0,
      medianMs: percentile(ascending(values), 50),
      cards: values.length,
    });
  }
  return steps;
}

/** A8: both M18 questions on one throughput window, with the page's defaults. */
function forecasts(window: ThroughputWindow, options: AnalyticsOptions, timeZone: string): Analytics['forecast'] {
  const { now, seed = DEFAULT_FORECAST_SEED } = options;
  const items = options.items ?? DEFAULT_FORECAST_ITEMS;
  const by = options.by ?? addDays(zonedDate(now, timeZone), DEFAULT_FORECAST_HORIZON_DAYS);
  return { when: whenReport(window, { now, seed, items }), howMany: howManyReport(window, { now, seed, by }) };
}

/**
 * M20 over `[period start, min(period end, now))`: the card-time in progress is M14's, summed over every column,
 * so L is a time-weighted average rather than an average of end-of-day counts.
 */
function littlesLaw(
  period: Period,
  now: number,
  stream: ValueStream,
  finished: readonly FinishedCardInPeriod[],
): Analytics['littlesLaw'] {
  const lengthMs = Math.max(0, Math.min(period.end, now) - period.start);
  const days = lengthMs / DAY_MS;
  const wipMs = sum(stream.activeByColumn) + sum(stream.waitingByColumn);
  const n = finished.length;
  const throughputPerDay = days > 0 ? n / days : 0;
  const averageCycleTimeDays = n > 0 ? sum(finished.map((f) => f.cycleTimeMs)) / n / DAY_MS : null;
  return {
    days,
    averageWip: lengthMs > 0 ? wipMs / lengthMs : 0,
    throughputPerDay,
    averageCycleTimeDays,
    predictedWip: averageCycleTimeDays === null ? null : throughputPerDay * averageCycleTimeDays,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
