import { computeReport, serviceLevel } from '@obeya/metrics';
import { LOG_OPTIONS, dateFlag, logPath, nowFlag, parseCommandArgs } from '../args.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatSummary } from '../format-summary.ts';
import { METRICS_HELP } from '../help.ts';
import type { Io } from '../io.ts';
import { loadLog } from '../load-log.ts';

const OPTIONS = { ...LOG_OPTIONS, from: { type: 'string' }, to: { type: 'string' } } as const;

/** `obeya metrics <log>`: the full report, readable or as JSON. */
export async function metricsCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  if (values.help) {
    io.out(METRICS_HELP);
    return ExitCode.ok;
  }
  const path = logPath(positionals);
  const from = dateFlag('from', values.from);
  const to = dateFlag('to', values.to);
  const now = nowFlag(values.now, io.now);
  const log = await loadLog(io, {
    path,
    workflowPath: values.workflow,
    skipBadLines: values['skip-bad-lines'] ?? false,
  });
  const report = computeReport(log, { from, to, now });
  if (values.json) {
    io.out(JSON.stringify(report, null, 2) + '\n');
  } else {
    const names = new Map(log.workflow.columns.map((c) => [c.id, c.name]));
    io.out(formatSummary(report, serviceLevel(report), names));
  }
  return ExitCode.ok;
}
