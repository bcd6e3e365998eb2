import { CardEventTable } from './card-events.ts';
import { replayCard } from './card-history.ts';
import type { CardStatus } from './card-history.ts';
import { cardTimes, type CardTimes } from './card-times.ts';
import { DailyCounter } from './daily.ts';
import { flowEfficiency } from './efficiency.ts';
import type { FlowLog, Waste } from './flow-log.ts';
import { formatInstant } from './instant.ts';
import { resolvePeriod } from './period.ts';
import { cycleTimeStats } from './percentiles.ts';
import type { CycleTimeStats } from './percentiles.ts';
import { ValueStreamCounter } from './value-stream.ts';
import { compileFlow } from './workflow.ts';

export interface ReportOptions {
  /** First day of the period (YYYY-MM-DD); by default the first event's day. */
  from?: string;
  /** Last day of the period (YYYY-MM-DD); by default `now`'s day. */
  to?: string;
  /** The instant the report describes, in milliseconds; events after it are ignored. */
  now: number;
}

/** One card in a report: instants as ISO-8601 UTC, durations (CardTimes) in milliseconds, null where a value does not exist. */
export type ReportCard = {
  id: string;
  status: CardStatus;
  column: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
} & CardTimes;

export interface DayCount {
  date: string;
  count: number;
}

/** The full metrics report, in the shape `obeya metrics --json` prints. */
export interface Report {
  period: { from: string; to: string; timeZone: string; now: string };
  cards: ReportCard[];
  throughput: DayCount[];
  wip: DayCount[];
  cfd: { date: string; counts: Record<string, number> }[];
  cycleTime: CycleTimeStats;
  flowEfficiency: number | null;
  activeByColumn: Record<string, number>;
  waitingByColumn: Record<string, number>;
  blockedByReason: { reason: string; waste: Waste; count: number; ms: number }[];
}

/** Computes every metric of a flow log at `now`, in one pass over the cards. Throws a RangeError for a bad period. */
export function computeReport(log: FlowLog, options: ReportOptions): Report {
  const { now } = options;
  const flow = compileFlow(log.workflow);
  const table = new CardEventTable(log.events, flow, now);
  const period = resolvePeriod(table, flow.timeZone, options);
  const daily = new DailyCounter(period.grid, flow);
  const stream = new ValueStreamCounter(flow, period.start, Math.min(period.end, now));
  const cards: ReportCard[] = [];
  const finished: { activeMs: number | null; cycleTimeMs: number }[] = [];

  for (let k = 0; k < table.size; k++) {
    const card = replayCard(table, k, flow);
    if (!card) continue;
    const { id } = card;
    daily.add(card);
    stream.add(card);
    const times = cardTimes(card, flow, now);
    const { finishedAt, startedAt } = card;
    if (finishedAt !== null && times.cycleTimeMs !== null && finishedAt >= period.start && finishedAt < period.end) {
      finished.push({ activeMs: times.activeMs, cycleTimeMs: times.cycleTimeMs });
    }
    cards.push({
      id,
      status: card.status,
      column: flow.columnIds[card.column] ?? '',
      createdAt: formatInstant(card.createdAt),
      startedAt: startedAt === null ? null : formatInstant(startedAt),
      finishedAt: finishedAt === null ? null : formatInstant(finishedAt),
      cycleTimeMs: times.cycleTimeMs,
      leadTimeMs: times.leadTimeMs,
      ageMs: times.ageMs,
      activeMs: times.activeMs,
      waitingMs: times.waitingMs,
      blockedMs: times.blockedMs,
    });
  }

  const { throughput, wip, cfd } = daily.result();
  const { activeByColumn, waitingByColumn, blockers } = stream.result();
  const dates = period.grid.dates;
  const byColumn = (values: number[]) => Object.fromEntries(flow.columnIds.map((id, c) => [id, values[c] ?? 0]));
  return {
    period: { from: period.from, to: period.to, timeZone: flow.timeZone, now: formatInstant(now) },
    cards,
    throughput: dates.map((date, d) => ({ date, count: throughput[d] ?? 0 })),
    wip: dates.map((date, d) => ({ date, count: wip[d] ?? 0 })),
    cfd: dates.map((date, d) => ({ date, counts: byColumn(cfd[d] ?? []) })),
    cycleTime: cycleTimeStats(finished.map((f) => f.cycleTimeMs)),
    flowEfficiency: flowEfficiency(finished),
    activeByColumn: byColumn(activeByColumn),
    waitingByColumn: byColumn(waitingByColumn),
    blockedByReason: blockers.map(({ reason, waste, count, ms }) => ({ reason, waste, count, ms })),
  };
}
