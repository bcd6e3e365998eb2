import { limitLoads, startedColumnIds, type BoardState, type Card, type LimitLoad } from '@obeya/domain';
import { addDays, dateToUtc, parseInstant, zonedDate, type Report } from '@obeya/metrics';
import { countPastSle, type CardAge, type Sle } from './ageing.ts';
import { loadState, type LoadState } from './limits-view.ts';

/*
 * The few figures a wall screen shows between board views. Counting is the domain's (limits),
 * the metrics package's (throughput) and the card ageing's (SLE, ages, the same the cards show);
 * this file only picks what a team reads from across the room.
 */

/** Finished cards per calendar week (Monday to Sunday, in the board's time zone). */
export interface WeeklyThroughput {
  thisWeek: number;
  lastWeek: number;
}

/** The card in progress for the longest time. */
export interface OldestItem {
  title: string;
  columnName: string;
  ageMs: number;
  /** How it stands against the SLE; null when the board has none. */
  level: CardAge['level'];
}

export interface KeyFigures {
  /** Started, not finished cards, live from the board. */
  wip: number;
  /** Every limit with its load, the abnormal first. */
  loads: Array<LimitLoad & { state: LoadState }>;
  /** Null until the first metrics report arrives. */
  throughput: WeeklyThroughput | null;
  /** The cycle time 85 % of cards finish within (measured, or set by the team while too few finished). */
  sle: Sle | null;
  /** Cards in progress older than the SLE. */
  pastSle: number;
  oldest: OldestItem | null;
}

const SEVERITY: Record<LoadState, number> = { over: 0, full: 1, within: 2 };

/**
 * The figures of a board now: `report` is the latest metrics report (null while none arrived),
 * `ages` and `sle` the card ageing's, which the board view shows on the cards.
 */
export function keyFigures(
  board: BoardState,
  report: Report | null,
  ages: ReadonlyMap<string, CardAge>,
  sle: Sle | null,
): KeyFigures {
  const started = startedColumnIds(board);
  const loads = limitLoads(board)
    .map((load) => ({ ...load, state: loadState(load) }))
    .sort((a, b) => SEVERITY[a.state] - SEVERITY[b.state]);
  return {
    wip: board.cards.filter((c) => started.has(c.columnId)).length,
    loads,
    throughput: report && weeklyThroughput(report),
    sle,
    pastSle: countPastSle(board.cards, ages),
    oldest: oldestItem(board, ages),
  };
}

/** This week's and last week's finished cards, from the report's daily throughput. */
export function weeklyThroughput(report: Report): WeeklyThroughput {
  const now = parseInstant(report.period.now) ?? 0;
  const today = zonedDate(now, report.period.timeZone);
  const weekday = new Date(dateToUtc(today)).getUTCDay(); // 0 is Sunday
  const monday = addDays(today, -((weekday + 6) % 7));
  const lastMonday = addDays(monday, -7);
  let thisWeek = 0;
  let lastWeek = 0;
  for (const { date, count } of report.throughput) {
    if (date >= monday && date <= today) thisWeek += count;
    else if (date >= lastMonday && date < monday) lastWeek += count;
  }
  return { thisWeek, lastWeek };
}

/** The card in progress for the longest time. */
export function oldestItem(board: BoardState, ages: ReadonlyMap<string, CardAge>): OldestItem | null {
  let oldest: { card: Card; age: CardAge } | null = null;
  for (const card of board.cards) {
    const age = ages.get(card.id);
    if (age && (!oldest || age.ms > oldest.age.ms)) oldest = { card, age };
  }
  if (!oldest) return null;
  const { card, age } = oldest;
  const columnName = board.columns.find((c) => c.id === card.columnId)?.name ?? '';
  return { title: card.title, columnName, ageMs: age.ms, level: age.level };
}
