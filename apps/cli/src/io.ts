import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Everything the commands need from the outside world, so they can be read (and run) without a process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Reads a file named as the user typed it. */
  readText(path: string): Promise<string>;
  /** The current instant, in milliseconds: the package never reads the clock, the CLI does. */
  now(): number;
  /** A fresh seed for a forecast run without `--seed`. */
  newSeed(): number;
}

/** The process's streams, files and clock. */
export function nodeIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readText: (path) => readFile(resolve(userDirectory(), path), 'utf8'),
    now: () => Date.now(),
    newSeed: () => randomInt(0, 2 ** 32 - 1),
  };
}

/**
 * Where relative paths start: `pnpm obeya` runs scripts from the repository root, but the user typed the path from
 * the directory pnpm was started in (INIT_CWD).
 */
function userDirectory(): string {
  return process.env.npm_lifecycle_event && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
}
