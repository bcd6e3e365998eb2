import type { Blocker, Waste } from '@obeya/domain';
import type { BlockedCard } from '@obeya/sync';
import { formatDuration } from './format.ts';
import { wasteLabel } from './wastes.ts';

/** What the blocked-work list is narrowed to; null: any. */
export interface BlockedFilter {
  boardId: string | null;
  reason: string | null;
  waste: Waste | null;
}

export const ANY: BlockedFilter = { boardId: null, reason: null, waste: null };

/** The cards that pass every part of the filter, in the order given. */
export function applyFilter(items: readonly BlockedCard[], filter: BlockedFilter): BlockedCard[] {
  return items.filter(
    (item) =>
      (filter.boardId === null || item.boardId === filter.boardId) &&
      (filter.reason === null || item.reason === filter.reason) &&
      (filter.waste === null || item.waste === filter.waste),
  );
}

/** A value to filter by, with how many cards have it. */
export interface Choice<T> {
  value: T;
  label: string;
  count: number;
}

function choices<T>(items: readonly BlockedCard[], key: (i: BlockedCard) => T, label: (i: BlockedCard) => string) {
  const out = new Map<T, Choice<T>>();
  for (const item of items) {
    const value = key(item);
    const choice = out.get(value) ?? { value, label: label(item), count: 0 };
    choice.count += 1;
    out.set(value, choice);
  }
  return [...out.values()];
}

/** The boards, reasons and wastes the cards have: boards by name, the others most frequent first. */
export function filterChoices(items: readonly BlockedCard[]) {
  const byCount = <T>(a: Choice<T>, b: Choice<T>) => b.count - a.count || a.label.localeCompare(b.label);
  return {
    boards: choices(
      items,
      (i) => i.boardId,
      (i) => i.boardName,
    ).sort((a, b) => a.label.localeCompare(b.label)),
    reasons: choices(
      items,
      (i) => i.reason,
      (i) => i.reason,
    ).sort(byCount),
    wastes: choices(
      items,
      (i) => i.waste,
      (i) => wasteLabel(i.waste),
    ).sort(byCount),
  };
}

/** How long a blocker that began at `since` has lasted at `now` (never negative: the browser's and the server's clocks may differ a little). */
export function blockedFor(since: string, now: number): number {
  return Math.max(0, now - Date.parse(since));
}

/** How long the card has been blocked at `now`. */
export function blockedMs(item: BlockedCard, now: number): number {
  return blockedFor(item.blockedSince, now);
}

/** The blocker in a sentence, for screen readers: "Blocked for 2 h 14 min: “No test data” (Waiting), by Ann". */
export function describeBlocker(blocker: Blocker, now: number): string {
  const time = formatDuration(blockedFor(blocker.since, now));
  return `Blocked for ${time}: “${blocker.reason}” (${wasteLabel(blocker.waste)}), by ${blocker.by.name}`;
}

/** One reason in the summary: how many listed cards it blocks and for how long in all. */
export interface ReasonTotal {
  reason: string;
  count: number;
  ms: number;
}

export interface BlockedFigures {
  count: number;
  /** Blocked time since `dayStart`, summed over the cards' current blocked intervals. */
  todayMs: number;
  /** The reasons blocking the most cards (then the longest in all), at most `top`. */
  topReasons: ReasonTotal[];
}

/** The summary above the list, for the cards listed. */
export function blockedFigures(items: readonly BlockedCard[], now: number, dayStart: number, top = 3): BlockedFigures {
  const reasons = new Map<string, ReasonTotal>();
  let todayMs = 0;
  for (const item of items) {
    todayMs += Math.max(0, now - Math.max(Date.parse(item.blockedSince), dayStart));
    const total = reasons.get(item.reason) ?? { reason: item.reason, count: 0, ms: 0 };
    total.count += 1;
    total.ms += blockedMs(item, now);
    reasons.set(item.reason, total);
  }
  const topReasons = [...reasons.values()]
    .sort((a, b) => b.count - a.count || b.ms - a.ms || a.reason.localeCompare(b.reason))
    .slice(0, top);
  return { count: items.length, todayMs, topReasons };
}
