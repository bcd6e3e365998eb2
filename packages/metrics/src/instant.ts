// ISO-8601 instants with an explicit zone: a timestamp without one would depend on the reader's clock settings.
// Read with char codes rather than a regular expression: a log holds millions of them.

/** Milliseconds since the epoch of an ISO-8601 timestamp with a zone (`Z` or `±HH:MM`), or null if it is not one. */
export function parseInstant(text: string): number | null {
  const n = text.length;
  if (n < 17 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84) return null;
  if (text.charCodeAt(13) !== 58) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  let i = 16;
  let second = 0;
  let millis = 0;
  if (text.charCodeAt(i) === 58) {
    second = digits(text, i + 1, 2);
    i += 3;
    if (text.charCodeAt(i) === 46) {
      const start = ++i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const count = i - start;
      if (count < 1 || count > 9) return null;
      millis = digits(text, start, Math.min(3, count)) * 10 ** Math.max(0, 3 - count);
    }
  }
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const offset = zoneOffsetMinutes(text, i);
  if (offset === null) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** `YYYY-MM-DDT` by day number: reports format hundreds of thousands of instants over a few hundred days. */
const datePrefixes = new Map<number, string>();

/** An instant as ISO-8601 in UTC (`toISOString`'s form), the form every report uses. */
export function formatInstant(ms: number): string {
  if (!(ms >= 0 && ms < 253402300800000)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  const t = ms - day * DAY_MS;
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    if (datePrefixes.size > 100_000) datePrefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    datePrefixes.set(day, prefix);
  }
  const time = Math.floor(t / 1000);
  const text = `${prefix}${TWO_DIGITS[Math.floor(time / 3600)]}:${TWO_DIGITS[Math.floor(time / 60) % 60]}:${TWO_DIGITS[time % 60]}.${THREE_DIGITS[t % 1000]}Z`;
  // Reading a character makes V8 flatten the string now. Otherwise each instant stays a tree of concatenation
  // nodes, and a report's hundreds of thousands of them triple the garbage collector's work.
  text.charCodeAt(0);
  return text;
}

function zoneOffsetMinutes(text: string, i: number): number | null {
  const sign = text.charCodeAt(i);
  if (sign === 90) return i + 1 === text.length ? 0 : null;
  if ((sign !== 43 && sign !== 45) || text.length !== i + 6 || text.charCodeAt(i + 3) !== 58) return null;
  const hours = digits(text, i + 1, 2);
  const minutes = digits(text, i + 4, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return null;
  return (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
}

/** The number written by `count` digits at `from`, or -1 if one of them is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let k = from; k < from + count; k++) {
    const c = text.charCodeAt(k);
    if (!isDigit(c)) return -1;
    value = value * 10 + c - 48;
  }
  return value;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
