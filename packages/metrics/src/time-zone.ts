import { addDays, dateToUtc, upperBound } from './days.ts';

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True if the runtime knows this IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading at `ms` in the zone, expressed as if it were UTC milliseconds (whole seconds). */
function wallClock(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

function offsetAt(ms: number, timeZone: string): number {
  return wallClock(ms, timeZone) - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The calendar date (`YYYY-MM-DD`) of an instant in the zone. */
export function zonedDate(ms: number, timeZone: string): string {
  return new Date(wallClock(ms, timeZone)).toISOString().slice(0, 10);
}

/** The instant a calendar date begins in the zone (M8): its 00:00, or the first instant after it if 00:00 is skipped. */
export function startOfDay(date: string, timeZone: string): number {
  const wall = dateToUtc(date);
  // At most one offset change lies within a day of midnight, so the offsets a day either side give the candidates.
  const candidates = [wall - offsetAt(wall - 24 * HOUR_MS, timeZone), wall - offsetAt(wall + 24 * HOUR_MS, timeZone)];
  const exact = candidates.filter((t) => wallClock(t, timeZone) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // Midnight falls in a daylight-saving gap: the day starts when the clock jumps past it.
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClock(mid, timeZone) >= wall) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The days of a period, each `[starts[i], starts[i + 1])` in the zone: computed once, then searched. */
export interface DayGrid {
  readonly dates: readonly string[];
  /** One more entry than `dates`: the last is the end of the period. */
  readonly starts: readonly number[];
}

/** The day grid from `from` through `to` (inclusive) in the zone. */
export function dayGrid(from: string, to: string, timeZone: string): DayGrid {
  const dates: string[] = [];
  const starts: number[] = [];
  let previous: number | null = null;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    dates.push(d);
    starts.push((previous = startAfter(d, previous, timeZone)));
  }
  starts.push(startAfter(addDays(to, 1), previous, timeZone));
  return { dates, starts };
}

/**
 * startOfDay for the day after the one starting at `previous`. Most days last 24 hours, so one clock reading at
 * `previous` + 24 h usually confirms the start, where startOfDay takes four: a year's grid is the costliest part of
 * a report after the replay. The guess can only read 00:00 at the day's first 00:00, as no two offset changes fall
 * within a day; near a change the reading differs and startOfDay decides.
 */
function startAfter(date: string, previous: number | null, timeZone: string): number {
  if (previous !== null) {
    const guess = previous + 24 * HOUR_MS;
    if (wallClock(guess, timeZone) === dateToUtc(date)) return guess;
  }
  return startOfDay(date, timeZone);
}

/** The index of the day containing `ms`, or -1 if it is outside the grid. */
export function dayIndex(grid: DayGrid, ms: number): number {
  const i = upperBound(grid.starts, ms) - 1;
  return i >= 0 && i < grid.dates.length ? i : -1;
}
