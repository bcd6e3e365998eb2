import { CardStatus } from './card-history.ts';
import type { CardHistory, Segment } from './card-history.ts';
import type { Flow } from './workflow.ts';

/** The durations of one card, in milliseconds; null where the value does not exist for its status. */
export interface CardTimes {
  /** M5, done cards. */
  cycleTimeMs: number | null;
  /** M6, done cards. */
  leadTimeMs: number | null;
  /** M7, wip cards. */
  ageMs: number | null;
  /** M12 over the card's window; null if it has none. */
  activeMs: number | null;
  waitingMs: number | null;
  blockedMs: number | null;
}

/**
 * M12: the card's window, `[startedAt, finishedAt)` if done, `[startedAt, now)` if wip, and for a discarded card
 * `[startedAt, archivedAt)`, the work that was abandoned; null for cards not started.
 */
export function cardWindow(card: CardHistory, now: number): { start: number; end: number } | null {
  if (card.startedAt === null) return null;
  if (card.status === CardStatus.done && card.finishedAt !== null)
    return { start: card.startedAt, end: card.finishedAt };
  if (card.status === CardStatus.wip) return { start: card.startedAt, end: now };
  if (card.status === CardStatus.discarded && card.archivedAt !== null) {
    return { start: card.startedAt, end: card.archivedAt };
  }
  return null;
}

/** M15: a blocker counts only while the card is in progress. */
export function isBlocked(segment: Segment): boolean {
  return segment.blocker !== null && segment.status === CardStatus.wip;
}

/** M12: time in an active column, not blocked, while the card is on the board, is active; the rest is waiting. */
export function isActive(segment: Segment, flow: Flow): boolean {
  const onBoard = segment.status === CardStatus.wip || segment.status === CardStatus.done;
  return onBoard && flow.active[segment.column] === true && !isBlocked(segment);
}

/** M5–M7 and M12 for one card at `now`. */
export function cardTimes(card: CardHistory, flow: Flow, now: number): CardTimes {
  const done = card.status === CardStatus.done && card.finishedAt !== null && card.startedAt !== null;
  const times: CardTimes = {
    cycleTimeMs: done ? (card.finishedAt as number) - (card.startedAt as number) : null,
    leadTimeMs: done ? (card.finishedAt as number) - card.createdAt : null,
    ageMs: card.status === CardStatus.wip && card.startedAt !== null ? now - card.startedAt : null,
    activeMs: null,
    waitingMs: null,
    blockedMs: null,
  };
  const window = cardWindow(card, now);
  if (!window) return times;
  let active = 0;
  let waiting = 0;
  let blocked = 0;
  for (const s of card.segments) {
    const length = Math.min(s.end, window.end) - Math.max(s.start, window.start);
    if (length <= 0) continue;
    if (isActive(s, flow)) active += length;
    else waiting += length;
    if (isBlocked(s)) blocked += length;
  }
  times.activeMs = active;
  times.waitingMs = waiting;
  times.blockedMs = blocked;
  return times;
}
