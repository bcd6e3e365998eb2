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

/** M17 for a report: the `percent` cycle-time percentile over the `windowDays` days ending on `now`'s day. */
export function serviceLevel(report: Report, options: { percent?: number; windowDays?: number } = {}): ServiceLevel {
  const { percent = 85, windowDays = 90 } = options;
  const { timeZone } = report.period;
  const now = parseInstant(report.period.now) ?? 0;
  const to = zonedDate(now, timeZone);
  const from = addDays(to, 1 - windowDays);
  const finished: FinishedCard[] = [];
  for (const card of report.cards) {
    const finishedAt = card.finishedAt === null ? null : parseInstant(card.finishedAt);
    if (finishedAt !== null && card.cycleTimeMs !== null) finished.push({ finishedAt, cycleTimeMs: card.cycleTimeMs });
  }
  const cycleTimeMs = serviceLevelExpectation(finished, { from: startOfDay(from, timeZone), to: now + 1 }, percent);
  const ageing = report.cards
    .filter((c) => c.ageMs !== null && cycleTimeMs !== null && c.ageMs > cycleTimeMs)
    .map((c) => ({ id: c.id, column: c.column, ageMs: c.ageMs as number }))
    .sort((a, b) => b.ageMs - a.ageMs);
  return { percent, from, to, cycleTimeMs, ageing };
}
