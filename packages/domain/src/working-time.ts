/*
 * Working time: milliseconds of weekday working hours, 09:00 to 17:00, since 1970. A simulated
 * team works in it; boards count days in UTC, so the hours are UTC hours.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WORKDAY_START = 9 * HOUR;
/** The length of a working day. */
export const WORKDAY = 8 * HOUR;

/** Days since 1970-01-01 (a Thursday) are weekdays unless they fall on Saturday or Sunday. */
function isWeekday(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}

function weekdaysBefore(day: number): number {
  const weekStart = day - (((day % 7) + 7) % 7);
  let n = (weekStart / 7) * 5;
  for (let d = weekStart; d < day; d++) if (isWeekday(d)) n += 1;
  return n;
}

/**
 * The working time at an instant. Off hours map to the working moment before them, so a history
 * counted back from an instant is the same whatever the hour or weekday it ends on.
 */
export function toWorking(instant: number): number {
  const day = Math.floor(instant / DAY);
  const into = instant - day * DAY - WORKDAY_START;
  const today = isWeekday(day) ? Math.min(Math.max(into, 0), WORKDAY) : 0;
  return weekdaysBefore(day) * WORKDAY + today;
}

/** The instant of a working time (the inverse of `toWorking` within working hours). */
export function fromWorking(working: number): number {
  const k = Math.floor(working / WORKDAY);
  // Every run of seven days holds five weekdays; walk from the week's start to the k-th weekday.
  let day = Math.floor(k / 5) * 7;
  let left = k % 5;
  while (!isWeekday(day) || left > 0) {
    if (isWeekday(day)) left -= 1;
    day += 1;
  }
  return day * DAY + WORKDAY_START + (working - k * WORKDAY);
}
