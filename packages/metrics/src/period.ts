import type { CardEventTable } from './card-events.ts';
import { addDays, isDate } from './days.ts';
import { dayGrid, zonedDate } from './time-zone.ts';
import type { DayGrid } from './time-zone.ts';

/** The days a report covers, in the workflow's time zone. */
export interface Period {
  from: string;
  to: string;
  grid: DayGrid;
  /** The instant the first day begins. */
  start: number;
  /** The instant after the last day ends. */
  end: number;
}

export interface PeriodOptions {
  from?: string;
  to?: string;
  now: number;
  /** Without `from`, start so that `lastDays` days end on `now`'s day; without either, on the first event's day. */
  lastDays?: number;
}

/**
 * The period from `from` through `to`; by default from the day of the first event of a card that is not deleted
 * (M2: deleted cards never existed), or `lastDays` back, through the day of `now`. Throws a RangeError for bad dates.
 */
export function resolvePeriod(table: CardEventTable, timeZone: string, options: PeriodOptions): Period {
  for (const [name, value] of [
    ['from', options.from],
    ['to', options.to],
  ] as const) {
    if (value !== undefined && !isDate(value))
      throw new RangeError(`${name} must be a date (YYYY-MM-DD), not "${value}"`);
  }
  const today = zonedDate(options.now, timeZone);
  const from = options.from ?? defaultFrom(table, timeZone, today, options.lastDays);
  const to = options.to ?? today;
  if (from > to) throw new RangeError(`the period starts (${from}) after it ends (${to})`);
  const grid = dayGrid(from, to, timeZone);
  return { from, to, grid, start: grid.starts[0]!, end: grid.starts[grid.starts.length - 1]! };
}

function defaultFrom(table: CardEventTable, timeZone: string, today: string, lastDays: number | undefined): string {
  if (lastDays !== undefined) return addDays(today, 1 - lastDays);
  // Only this default needs the first event, which costs a scan of the table.
  const first = table.firstEventAt();
  return first === null ? today : zonedDate(first, timeZone);
}
