import { parseFlowLog, parseWorkflow } from '@obeya/metrics';
import type { FlowLog, LineError, Workflow } from '@obeya/metrics';
import { InvalidLogError, UsageError } from './exit-codes.ts';
import type { Io } from './io.ts';

export interface LoadOptions {
  path: string;
  workflowPath?: string;
  skipBadLines: boolean;
}

/** Reads and validates a flow log; reports skipped lines on stderr, and every error before giving up. */
export async function loadLog(io: Io, options: LoadOptions): Promise<FlowLog> {
  const workflow = options.workflowPath ? await loadWorkflow(io, options.workflowPath) : undefined;
  const text = await readInput(io, options.path);
  const result = parseFlowLog(text, { workflow, skipBadLines: options.skipBadLines });
  if (!result.ok) {
    const count = result.errors.length;
    const hint = options.skipBadLines ? '' : '; --skip-bad-lines skips bad lines';
    io.err(`obeya: ${options.path} has ${count} error${count === 1 ? '' : 's'}, nothing computed${hint}:\n`);
    io.err(formatLineErrors(result.errors));
    throw new InvalidLogError(`${options.path} is not a valid flow log`);
  }
  if (result.skipped.length > 0) {
    const count = result.skipped.length;
    io.err(`obeya: skipped ${count} bad line${count === 1 ? '' : 's'} of ${options.path}:\n`);
    io.err(formatLineErrors(result.skipped));
  }
  return result.log;
}

async function loadWorkflow(io: Io, path: string): Promise<Workflow> {
  const result = parseWorkflow(await readInput(io, path));
  if (!result.ok) {
    io.err(`obeya: ${path} is not a valid workflow:\n${result.errors.map((e) => `  ${e}\n`).join('')}`);
    throw new InvalidLogError(`${path} is not a valid workflow`);
  }
  return result.workflow;
}

async function readInput(io: Io, path: string): Promise<string> {
  try {
    return await io.readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new UsageError(`cannot read ${path}: ${reason}`);
  }
}

function formatLineErrors(errors: readonly LineError[]): string {
  return errors.map((e) => (e.line === null ? `  ${e.message}\n` : `  line ${e.line}: ${e.message}\n`)).join('');
}
