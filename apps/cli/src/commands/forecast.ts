import { forecastHowManyReport, forecastWhenReport } from '@obeya/metrics';
import { LOG_OPTIONS, dateFlag, integerFlag, logPath, nowFlag, parseCommandArgs } from '../args.ts';
import { ExitCode, UsageError } from '../exit-codes.ts';
import { formatHowMany, formatWhen } from '../format-forecast.ts';
import { FORECAST_HELP } from '../help.ts';
import type { Io } from '../io.ts';
import { loadLog } from '../load-log.ts';

const OPTIONS = {
  ...LOG_OPTIONS,
  items: { type: 'string' },
  by: { type: 'string' },
  'window-days': { type: 'string' },
  trials: { type: 'string' },
  seed: { type: 'string' },
} as const;

/** `obeya forecast when|how-many <log>`: Monte Carlo answers at 50/70/85/95 %. */
export async function forecastCommand(args: string[], io: Io): Promise<ExitCode> {
  const [question, ...rest] = args;
  const { values, positionals } = parseCommandArgs(rest, OPTIONS);
  if (values.help || question === '--help' || question === '-h' || question === undefined) {
    io.out(FORECAST_HELP);
    return question === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (question !== 'when' && question !== 'how-many') {
    throw new UsageError(`unknown forecast "${question}" (expected when or how-many)`);
  }
  const path = logPath(positionals);
  const now = nowFlag(values.now, io.now);
  const common = {
    now,
    windowDays: integerFlag('window-days', values['window-days'], 1, 3650),
    trials: integerFlag('trials', values.trials, 1, 1_000_000),
    seed: integerFlag('seed', values.seed, 0, 2 ** 32 - 1) ?? io.newSeed(),
  };
  const items = question === 'when' ? integerFlag('items', required(values.items, 'items'), 1, 1_000_000) : undefined;
  const by = question === 'how-many' ? dateFlag('by', required(values.by, 'by')) : undefined;
  const log = await loadLog(io, {
    path,
    workflowPath: values.workflow,
    skipBadLines: values['skip-bad-lines'] ?? false,
  });

  if (items !== undefined) {
    const report = forecastWhenReport(log, { ...common, items });
    io.out(values.json ? JSON.stringify(report, null, 2) + '\n' : formatWhen(report));
  } else if (by !== undefined) {
    const report = forecastHowManyReport(log, { ...common, by });
    io.out(values.json ? JSON.stringify(report, null, 2) + '\n' : formatHowMany(report));
  }
  return ExitCode.ok;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`missing --${name}`);
  return value;
}
