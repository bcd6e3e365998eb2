/**
 * Flow-metrics benchmark: seeded synthetic logs (about ten events a card over two years, Europe/Berlin) of about
 * 1 000 000 and 2 000 000 events. For each size, a fresh child process reads the file, parses it, computes the
 * full `--json` report and serialises it, then reports its times and peak memory (maxRSS). Last, one whole CLI
 * run (`obeya metrics <file> --json`, output discarded) on the 1M-event file. Files live in a temporary folder,
 * deleted at the end.
 *
 *   pnpm bench:metrics            (from the repository root)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeReport, parseFlowLog, syntheticFlowLog } from '@obeya/metrics';

const SIZES = [100_000, 200_000];
const START = Date.UTC(2024, 0, 1);
const DAYS = 730;
const NOW = '2026-01-01T00:00:00Z';
const SELF = fileURLToPath(import.meta.url);
const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/obeya.js', import.meta.url));

interface Figures {
  events: number;
  readMs: number;
  parseMs: number;
  computeMs: number;
  computeCpuMs: number;
  jsonMs: number;
  peakRssMb: number;
}

/** Child mode: measure one file. */
async function measure(path: string): Promise<void> {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = now - t;
    t = now;
    return Math.round(elapsed);
  };
  let text: string | null = await readFile(path, 'utf8');
  const readMs = lap();
  const parsed = parseFlowLog(text);
  const parseMs = lap();
  text = null;
  if (!parsed.ok) throw new Error(`the generated log is invalid: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  lap();
  const cpu = process.cpuUsage();
  const report = computeReport(parsed.log, { now: Date.parse(NOW) });
  const computeMs = lap();
  const { user, system } = process.cpuUsage(cpu);
  const computeCpuMs = Math.round((user + system) / 1000);
  const json = JSON.stringify(report, null, 2);
  const jsonMs = lap();
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const figures: Figures = {
    events: parsed.log.events.length,
    readMs,
    parseMs,
    computeMs,
    computeCpuMs,
    jsonMs,
    peakRssMb,
  };
  process.stdout.write(JSON.stringify({ ...figures, jsonBytes: json.length }) + '\n');
}

/** Writes a synthetic log of `cards` cards as JSON Lines; returns its event count. */
async function writeLog(path: string, cards: number): Promise<number> {
  const lines = syntheticFlowLog({ seed: 2026, cards, start: START, days: DAYS, timeZone: 'Europe/Berlin' });
  const out = createWriteStream(path);
  for (let i = 0; i < lines.length; i += 50_000) {
    const chunk = lines
      .slice(i, i + 50_000)
      .map((line) => JSON.stringify(line) + '\n')
      .join('');
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return lines.length - 1;
}

function run(args: string[], stdout: 'pipe' | 'ignore'): Promise<{ code: number | null; out: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: CLI_DIR, stdio: ['ignore', stdout, 'inherit'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, ms: performance.now() - started }));
  });
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'obeya-bench-'));
  try {
    console.log(`Flow metrics benchmark: synthetic logs, ${DAYS} days in Europe/Berlin, now ${NOW}`);
    console.log('(parse = JSON Lines to validated events; compute = the full --json report; json = serialising it;');
    console.log(
      ' cpu = CPU time of the compute step, all threads; peak RSS = the measuring process, file read included)',
    );
    const load = () => loadavg()[0]?.toFixed(1);
    console.log(`Machine: ${availableParallelism()} CPUs, load average ${load()} at the start\n`);
    console.log(
      `${pad('cards', 8)} ${pad('events', 10)} ${pad('file MB', 8)} ${pad('parse ms', 9)} ${pad('compute ms', 11)}` +
        ` ${pad('(cpu ms)', 9)} ${pad('json ms', 8)} ${pad('peak RSS MB', 12)}`,
    );
    const files: string[] = [];
    for (const cards of SIZES) {
      const path = join(dir, `log-${cards}.jsonl`);
      const events = await writeLog(path, cards);
      files.push(path);
      const { size } = await stat(path);
      const child = await run(['--import', 'tsx', SELF, '--measure', path], 'pipe');
      if (child.code !== 0) throw new Error(`measuring ${path} failed`);
      const f = JSON.parse(child.out) as Figures;
      if (f.events !== events) throw new Error(`parsed ${f.events} events, wrote ${events}`);
      console.log(
        `${pad(cards, 8)} ${pad(events, 10)} ${pad((size / 1e6).toFixed(1), 8)} ${pad(f.parseMs, 9)}` +
          ` ${pad(f.computeMs, 11)} ${pad(`(${f.computeCpuMs})`, 9)} ${pad(f.jsonMs, 8)} ${pad(f.peakRssMb, 12)}`,
      );
    }
    const first = files[0] as string;
    const whole = await run([BIN, 'metrics', first, '--json', '--now', NOW], 'ignore');
    if (whole.code !== 0) throw new Error(`the CLI run failed with exit code ${whole.code}`);
    console.log(
      `\nWhole CLI run (node bin/obeya.js metrics <${SIZES[0]} cards> --json > /dev/null): ` +
        `${(whole.ms / 1000).toFixed(2)} s (load average ${load()} at the end)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') await measure(process.argv[3] ?? '');
else await main();
