import { forecastCommand } from './commands/forecast.ts';
import { metricsCommand } from './commands/metrics.ts';
import { ExitCode, InvalidLogError, UsageError } from './exit-codes.ts';
import { MAIN_HELP } from './help.ts';
import type { Io } from './io.ts';

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<ExitCode>> = {
  metrics: metricsCommand,
  forecast: forecastCommand,
};

/** Runs one `obeya` command line and returns its exit code. */
export async function runCli(argv: string[], io: Io): Promise<ExitCode> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(MAIN_HELP);
    return command === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!run) throw new UsageError(`unknown command "${command}" (expected metrics or forecast)`);
    return await run(args, io);
  } catch (error) {
    if (error instanceof InvalidLogError) return ExitCode.invalidLog;
    // The package signals a bad period or forecast parameter with a RangeError: a bad value on the command line.
    if (error instanceof UsageError || error instanceof RangeError) {
      io.err(`obeya: ${error.message}\nRun "obeya ${run ? command + ' ' : ''}--help" for usage.\n`);
      return ExitCode.usage;
    }
    throw error;
  }
}
