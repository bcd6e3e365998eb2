import { CardEventTable } from './card-events.ts';
import { replayCard } from './card-history.ts';
import type { CardHistory } from './card-history.ts';
import { cardTimes } from './card-times.ts';
import type { CardTimes } from './card-times.ts';
import { DailyCounter } from './daily.ts';
import type { DailyFlow } from './daily.ts';
import type { FlowLog } from './flow-log.ts';
import { resolvePeriod } from './period.ts';
import type { Period, PeriodOptions } from './period.ts';
import { ValueStreamCounter } from './value-stream.ts';
import type { ValueStream } from './value-stream.ts';
import { compileFlow } from './workflow.ts';
import type { Flow } from './workflow.ts';

/**
 * A card finished in the period (finishedAt in `[start, end)`), with the times its aggregates need. Numbers, not the
 * card: keeping every history alive to the end of the pass would push them all out of the young generation.
 */
export interface FinishedCardInPeriod {
  id: string;
  finishedAt: number;
  cycleTimeMs: number;
  activeMs: number | null;
}

/** The aggregates of a period that every report draws: M9–M11 per day, M14–M15, and the cards finished in it. */
export interface PeriodFlow {
  daily: DailyFlow;
  stream: ValueStream;
  /** In order of first appearance in the log. */
  finished: FinishedCardInPeriod[];
}

/**
 * The one pass over a log's cards that computeReport and computeAnalytics share. Constructing it compiles the
 * workflow, groups the events by card and resolves the period, so a bad period throws before any card is replayed;
 * `run` then replays each card once, adds it to the period's aggregates and hands it to the caller for the rest.
 */
export class CardPass {
  readonly flow: Flow;
  readonly period: Period;
  readonly now: number;
  private readonly table: CardEventTable;

  constructor(log: FlowLog, options: PeriodOptions) {
    this.now = options.now;
    this.flow = compileFlow(log.workflow);
    this.table = new CardEventTable(log.events, this.flow, this.now);
    this.period = resolvePeriod(this.table, this.flow.timeZone, options);
  }

  /**
   * Replays every card not deleted (M2), in order of first appearance, calling `visit` with each, its times and,
   * if it finished in the period, its entry in `finished`.
   */
  run(visit: (card: CardHistory, times: CardTimes, finished: FinishedCardInPeriod | null) => void): PeriodFlow {
    const { flow, period, now, table } = this;
    const daily = new DailyCounter(period.grid, flow);
    // M14: the period ends at now at the latest.
    const stream = new ValueStreamCounter(flow, period.start, Math.min(period.end, now));
    const finished: FinishedCardInPeriod[] = [];
    for (let k = 0; k < table.size; k++) {
      const card = replayCard(table, k, flow);
      if (!card) continue;
      daily.add(card);
      stream.add(card);
      const times = cardTimes(card, flow, now);
      const { finishedAt } = card;
      let entry: FinishedCardInPeriod | null = null;
      if (finishedAt !== null && times.cycleTimeMs !== null && finishedAt >= period.start && finishedAt < period.end) {
        entry = { id: card.id, finishedAt, cycleTimeMs: times.cycleTimeMs, activeMs: times.activeMs };
        finished.push(entry);
      }
      visit(card, times, entry);
    }
    return { daily: daily.result(), stream: stream.result(), finished };
  }
}
