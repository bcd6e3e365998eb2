import type { CardHistory, CardStatus } from './card-history.ts';
import { CardPass } from './card-pass.ts';
import type { CardTimes } from './card-times.ts';
import type { DailyFlow } from './daily.ts';
import { flowEfficiency } from './efficiency.ts';
import type { FlowLog, Waste } from './flow-log.ts';
import { formatInstant } from './instant.ts';
import type { Period } from './period.ts';
import { cycleTimeStats } from './percentiles.ts';
import type { CycleTimeStats } from './percentiles.ts';
import type { Flow } from './workflow.ts';

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
  const pass = new CardPass(log, options);
  const { flow, period } = pass;
  const cards: ReportCard[] = [];
  const { daily, stream, finished } = pass.run((card, times) => cards.push(reportCard(card, times, flow)));
  const byColumn = columnRecord(flow);
  return {
    period: reportPeriod(period, flow, options.now),
    cards,
    ...dailySeries(period, daily, flow),
    cycleTime: cycleTimeStats(finished.map((f) => f.cycleTimeMs)),
    flowEfficiency: flowEfficiency(finished),
    activeByColumn: byColumn(stream.activeByColumn),
    waitingByColumn: byColumn(stream.waitingByColumn),
    blockedByReason: stream.blockers.map(({ reason, waste, count, ms }) => ({ reason, waste, count, ms })),
  };
}

/** A report's `period`: its days in the workflow's zone and the instant it describes. */
export function reportPeriod(period: Period, flow: Flow, now: number): Report['period'] {
  return { from: period.from, to: period.to, timeZone: flow.timeZone, now: formatInstant(now) };
}

/** M9–M11 as dated series. */
export function dailySeries(period: Period, daily: DailyFlow, flow: Flow): Pick<Report, 'throughput' | 'wip' | 'cfd'> {
  const { dates } = period.grid;
  const byColumn = columnRecord(flow);
  return {
    throughput: dates.map((date, d) => ({ date, count: daily.throughput[d] ?? 0 })),
    wip: dates.map((date, d) => ({ date, count: daily.wip[d] ?? 0 })),
    cfd: dates.map((date, d) => ({ date, counts: byColumn(daily.cfd[d] ?? []) })),
  };
}

/** Per-column values keyed by column id, every workflow column included. */
function columnRecord(flow: Flow): (values: readonly number[]) => Record<string, number> {
  return (values) => Object.fromEntries(flow.columnIds.map((id, c) => [id, values[c] ?? 0]));
}

function reportCard(card: CardHistory, times: CardTimes, flow: Flow): ReportCard {
  const { startedAt, finishedAt } = card;
  return {
    id: card.id,
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
  };
}
