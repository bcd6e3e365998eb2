// Builders shared by the tests: small logs written as they would be in a file, then parsed for real.
import { parseFlowLog } from './parse.ts';
import type { FlowLog } from './flow-log.ts';
import type { Report, ReportCard } from './report.ts';

export type Line = Record<string, unknown>;

/** The workflow of the format's example: backlog, ready (start), doing (active), review, done (finish). */
export function workflowLine(overrides: Line = {}): Line {
  return {
    type: 'workflow',
    columns: [
      { id: 'backlog', name: 'Backlog', kind: 'queue' },
      { id: 'ready', name: 'Ready', kind: 'queue' },
      { id: 'doing', name: 'Doing', kind: 'active' },
      { id: 'review', name: 'Waiting for review', kind: 'queue' },
      { id: 'done', name: 'Done', kind: 'queue' },
    ],
    start: 'ready',
    finish: 'done',
    timeZone: 'UTC',
    ...overrides,
  };
}

/** `2026-` + a short `MM-DDTHH:MM` as a full UTC timestamp. */
export function t(short: string): string {
  return `2026-${short}:00Z`;
}

/** Milliseconds of a short timestamp (see `t`). */
export function ms(short: string): number {
  return Date.parse(t(short));
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Card event lines; `at` is a short timestamp (see `t`). */
export const ev = {
  created: (card: string, at: string, column: string): Line => ({ type: 'created', card, at: t(at), column }),
  moved: (card: string, at: string, to: string, from?: string): Line => ({ type: 'moved', card, at: t(at), from, to }),
  blocked: (card: string, at: string, reason: string, waste?: string): Line => ({
    type: 'blocked',
    card,
    at: t(at),
    reason,
    waste,
  }),
  unblocked: (card: string, at: string): Line => ({ type: 'unblocked', card, at: t(at) }),
  archived: (card: string, at: string): Line => ({ type: 'archived', card, at: t(at) }),
  deleted: (card: string, at: string): Line => ({ type: 'deleted', card, at: t(at) }),
};

/** Lines as JSON Lines text. */
export function jsonl(lines: Line[]): string {
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/** A parsed log of the given events (after the workflow line); fails the test if the log is invalid. */
export function makeLog(events: Line[], workflow: Line = workflowLine()): FlowLog {
  const result = parseFlowLog(jsonl([workflow, ...events]));
  if (!result.ok) throw new Error(`invalid test log: ${JSON.stringify(result.errors)}`);
  return result.log;
}

/** One card of a report, failing the test if it is absent. */
export function cardOf(report: Report, id: string): ReportCard {
  const card = report.cards.find((c) => c.id === id);
  if (!card) throw new Error(`no card ${id} in the report`);
  return card;
}

/** The counts of a per-day series, in date order. */
export function counts(series: { count: number }[]): number[] {
  return series.map((d) => d.count);
}
