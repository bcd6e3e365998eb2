// Civil dates are `YYYY-MM-DD` strings; arithmetic on them goes through UTC, where every day has 24 hours.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** M8: the length of a day in the unit durations are shown in (`ms / 86 400 000`); civil days may differ. */
export const DAY_MS = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(utc).toISOString().slice(0, 10) === text;
}

/** The civil date as milliseconds at 00:00 UTC, the base for date arithmetic. */
export function dateToUtc(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** The date `n` days after `date` (before it if `n` is negative). */
export function addDays(date: string, n: number): string {
  return new Date(dateToUtc(date) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `a` to `b` (`b − a`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dateToUtc(b) - dateToUtc(a)) / DAY_MS);
}

/** The number of entries of an ascending array that are ≤ x. */
export function upperBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The Monday on or before `date`: the start of its ISO week. */
export function mondayOf(date: string): string {
  // getUTCDay counts from Sunday (0); days since Monday is that shifted by six, mod 7.
  return addDays(date, -((new Date(dateToUtc(date)).getUTCDay() + 6) % 7));
}

/** Consecutive dates grouped by ISO week: each week's Monday, and for each date the index of its week. */
export function isoWeeks(dates: readonly string[]): { weeks: string[]; weekOf: Int32Array } {
  const weeks: string[] = [];
  const weekOf = new Int32Array(dates.length);
  dates.forEach((date, d) => {
    const monday = mondayOf(date);
    if (weeks[weeks.length - 1] !== monday) weeks.push(monday);
    weekOf[d] = weeks.length - 1;
  });
  return { weeks, weekOf };
}
