import { addDays } from './days.ts';
import { parseInstant } from './instant.ts';
import { serviceLevelExpectation } from './percentiles.ts';
import type { FinishedCard } from './percentiles.ts';
import type { Report } from './report.ts';
import { startOfDay, zonedDate } from './time-zone.ts';

/** M17 as a report shows it: the SLE and the wip cards ageing beyond it. */
export interface ServiceLevel {
  percent: number;
  /** First and last day of the window the SLE is taken from. */
  from: string;
  to: string;
  cycleTimeMs: number | null;
  ageing: { id: string; column: string; ageMs: number }[];
}

export const DEFAULT_SLE_PERCENT = 85;
export const DEFAULT_SLE_WINDOW_DAYS = 90;

/** The days M17 takes its cycle times from, as dates and as the instants `[start, end)`. */
export interface ServiceLevelWindow {
  percent: number;
  windowDays: number;
  from: string;
  to: string;
  start: number;
  end: number;
}

/**
 * M17's window: the `windowDays` days ending on `now`'s day, up to `now` included (events after it are ignored).
 * Throws a RangeError for a percent outside (0, 100] or a window shorter than a day.
 */
export function serviceLevelWindow(
  now: number,
  timeZone: string,
  options: { percent?: number; windowDays?: number } = {},
): ServiceLevelWindow {
  const { percent = DEFAULT_SLE_PERCENT, windowDays = DEFAULT_SLE_WINDOW_DAYS } = options;
  if (!(percent > 0 && percent <= 100)) throw new RangeError(`the SLE percent must be in (0, 100], not ${percent}`);
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new RangeError('the SLE window must be at least one day');
  const to = zonedDate(now, timeZone);
  const from = addDays(to, 1 - windowDays);
  return { percent, windowDays, from, to, start: startOfDay(from, timeZone), end: now + 1 };
}

/** M17 for a report: the `percent` cycle-time percentile over the `windowDays` days ending on `now`'s day. */
export function serviceLevel(report: Report, options: { percent?: number; windowDays?: number } = {}): ServiceLevel {
  const now = parseInstant(report.period.now) ?? 0;
  const { percent, from, to, start, end } = serviceLevelWindow(now, report.period.timeZone, options);
  const finished: FinishedCard[] = [];
  for (const card of report.cards) {
    const finishedAt = card.finishedAt === null ? null : parseInstant(card.finishedAt);
    if (finishedAt !== null && card.cycleTimeMs !== null) finished.push({ finishedAt, cycleTimeMs: card.cycleTimeMs });
  }
  const cycleTimeMs = serviceLevelExpectation(finished, { from: start, to: end }, percent);
  const ageing = report.cards
    .filter((c) => c.ageMs !== null && cycleTimeMs !== null && c.ageMs > cycleTimeMs)
    .map((c) => ({ id: c.id, column: c.column, ageMs: c.ageMs as number }))
    .sort((a, b) => b.ageMs - a.ageMs);
  return { percent, from, to, cycleTimeMs, ageing };
}
