import { sleSettings, startedColumnIds, type BoardState, type Card } from '@obeya/domain';
import { serviceLevel, type Report } from '@obeya/metrics';
import { formatDuration } from './format.ts';

/** From this share of the SLE on, a card is close to it and says so. */
export const NEAR_SLE = 0.7;

const DAY_MS = 86_400_000;

/** The SLE a board's work is held to, and where it comes from. */
export interface Sle {
  ms: number;
  /** `metrics`: the board's percentile of recently finished cards; `set`: the days an admin set. */
  source: 'metrics' | 'set';
}

/**
 * The SLE from finished work when there is one, else the admin's days, else none. A percentile of
 * zero is no SLE: cards created straight into a done column have a cycle time of zero, and an SLE
 * of zero would call every card in progress late.
 */
export function boardSle(metricsMs: number | null, sleDays: number | null): Sle | null {
  if (metricsMs !== null && metricsMs > 0) return { ms: metricsMs, source: 'metrics' };
  if (sleDays !== null) return { ms: sleDays * DAY_MS, source: 'set' };
  return null;
}

/** The board settings the SLE is taken with: its percentile and window (null: the defaults). */
export type SleBoard = Pick<BoardState, 'slePercent' | 'sleWindowDays'>;

/**
 * The SLE a report's finished work gives at the board's percentile and window (M17); null when no
 * card finished in the window.
 */
export function metricsSleMs(report: Report, board: SleBoard): number | null {
  return serviceLevel(report, sleSettings(board)).cycleTimeMs;
}

/** Where the board's SLE comes from, in a sentence for the people reading it. */
export function explainSle(sle: Sle | null, board: SleBoard): string {
  if (!sle) return 'Cards show their age, but nothing to compare it with.';
  if (sle.source === 'set') return 'Set by a board admin until there is finished work to take it from.';
  const { percent, windowDays } = sleSettings(board);
  return `${percent} % of the cards finished in the last ${windowDays} days took this long or less, once started.`;
}

/** `within`: under 70 % of the SLE; `near`: from 70 % up to the SLE; `over`: past it. */
export type AgeLevel = 'within' | 'near' | 'over';

export function ageLevel(ageMs: number, sle: Sle): AgeLevel {
  if (ageMs > sle.ms) return 'over';
  return ageMs >= NEAR_SLE * sle.ms ? 'near' : 'within';
}

/** No card's start time known (before the first report). */
export const NO_START_TIMES: ReadonlyMap<string, number> = new Map();

/** When each card in progress was started (M3), by card id, from a metrics report. */
export function startTimes(report: Report): Map<string, number> {
  const out = new Map<string, number>();
  for (const card of report.cards) {
    const at = card.status === 'wip' && card.startedAt !== null ? Date.parse(card.startedAt) : NaN;
    if (Number.isFinite(at)) out.set(card.id, at);
  }
  return out;
}

/** A card's age and how it stands against the SLE (level null: the board has no SLE). */
export interface CardAge {
  ms: number;
  level: AgeLevel | null;
}

/**
 * The ages of the cards in progress: in a started, not finished column (the domain's rule, the
 * same as WIP limits use) and with a start time known from the metrics. Others have no age.
 */
export function cardAges(
  board: BoardState,
  started: ReadonlyMap<string, number>,
  sle: Sle | null,
  now: number,
): Map<string, CardAge> {
  const inProgress = startedColumnIds(board);
  const out = new Map<string, CardAge>();
  for (const card of board.cards) {
    const at = started.get(card.id);
    if (at === undefined || !inProgress.has(card.columnId)) continue;
    const ms = Math.max(0, now - at);
    out.set(card.id, { ms, level: sle ? ageLevel(ms, sle) : null });
  }
  return out;
}

/** How many of `cards` are past the SLE. */
export function countPastSle(cards: readonly Card[], ages: ReadonlyMap<string, CardAge>): number {
  return cards.reduce((n, card) => (ages.get(card.id)?.level === 'over' ? n + 1 : n), 0);
}

/**
 * What decides the cards' start times: which column each card is in and where work starts and
 * finishes. The start times are fetched again only when this changes.
 */
export function flowKey(board: BoardState): string {
  const cards = board.cards.map((c) => `${c.id}:${c.columnId}`).sort();
  return [board.startColumnId, board.finishColumnId, ...cards].join('|');
}

/** The age in a sentence, for screen readers: "In progress for 3 d, past the SLE of 2 d". */
export function describeAge(age: CardAge, sle: Sle | null): string {
  const time = `In progress for ${formatDuration(age.ms)}`;
  if (!sle || age.level === null) return time;
  const of = `the SLE of ${formatDuration(sle.ms)}`;
  return age.level === 'over' ? `${time}, past ${of}` : age.level === 'near' ? `${time}, near ${of}` : time;
}
