import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { isDate, parseInstant } from '@obeya/metrics';
import { UsageError } from './exit-codes.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The flags every command that reads a log accepts. */
export const LOG_OPTIONS = {
  workflow: { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
  'skip-bad-lines': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** `util.parseArgs` in strict mode, with its errors turned into usage errors. */
export function parseCommandArgs<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's message goes on to explain `--`; the first sentence is the problem.
    throw new UsageError((error as Error).message.split('. ')[0] ?? 'bad arguments');
  }
}

/** The single positional argument: the log file. */
export function logPath(positionals: string[]): string {
  if (positionals.length === 0) throw new UsageError('missing the flow log file');
  if (positionals.length > 1) throw new UsageError(`expected one flow log file, got: ${positionals.join(' ')}`);
  return positionals[0] as string;
}

/** A `YYYY-MM-DD` flag value. */
export function dateFlag(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && !isDate(value))
    throw new UsageError(`--${name} must be a date YYYY-MM-DD, not "${value}"`);
  return value;
}

/** `--now` as milliseconds, or the clock's reading when absent. */
export function nowFlag(value: string | undefined, clock: () => number): number {
  if (value === undefined) return clock();
  const ms = parseInstant(value);
  if (ms === null)
    throw new UsageError(`--now must be ISO-8601 with a zone, e.g. 2026-03-02T09:00:00Z, not "${value}"`);
  return ms;
}

/** A whole-number flag within bounds. */
export function integerFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return n;
}
