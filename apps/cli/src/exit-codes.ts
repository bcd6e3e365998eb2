/** Exit codes, as the help text documents them. */
export const ExitCode = {
  ok: 0,
  /** The flow log (or workflow) has errors; nothing was computed. */
  invalidLog: 1,
  /** Bad usage: unknown or missing flag, bad value, missing or unreadable file. */
  usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A problem with how the CLI was called (exit code 2). */
export class UsageError extends Error {}

/** A flow log that cannot be used (exit code 1); the lines have already been reported. */
export class InvalidLogError extends Error {}
