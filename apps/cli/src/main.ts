// The only module with side effects: it binds the CLI to this process.
import { runCli } from './cli.ts';
import { nodeIo } from './io.ts';

process.exitCode = await runCli(process.argv.slice(2), nodeIo());
