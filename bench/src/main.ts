/**
 * The benchmark suite: every scenario runs Obeya and a plain Yjs relay (Hocuspocus, no
 * persistence) side by side in the same run, through the same client harness, and prints both
 * with their ratio, so the comparison holds on a noisy machine.
 *
 *   pnpm bench                     every scenario, full size (some 10–15 minutes on 2 cores)
 *   pnpm bench fanout load         some scenarios
 *   BENCH_SCALE=0.1 pnpm bench     smaller and quicker
 *   pnpm bench --record            also rewrite the generated part of bench/RESULTS.md
 *   pnpm bench fanout --profile    also profile the Obeya server(s) in their measuring windows
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stopAll } from './cleanup.ts';
import { config } from './config.ts';
import { describeMachine } from './machine.ts';
import { profileReport } from './profiling.ts';
import { recordResults, renderScenario, renderTargets, type ScenarioResult } from './report.ts';
import { connections } from './scenarios/connections.ts';
import type { Context } from './scenarios/common.ts';
import { fanout } from './scenarios/fanout.ts';
import { load } from './scenarios/load.ts';
import { throughput } from './scenarios/throughput.ts';
import { postgresVersion } from './systems/database.ts';

interface Scenario {
  run: (ctx: Context) => Promise<ScenarioResult>;
  /** Needs a PostgreSQL server (several nodes, or figures that only mean something on it). */
  needsPostgres: boolean;
  what: string;
}

const scenarios: Record<string, Scenario> = {
  fanout: { run: fanout, needsPostgres: false, what: 'fan-out latency on one busy board' },
  throughput: { run: throughput, needsPostgres: true, what: 'admitted moves per second, one hot board and many' },
  connections: { run: (ctx) => connections(ctx, 1), needsPostgres: true, what: 'many boards and clients, one node' },
  twonodes: { run: (ctx) => connections(ctx, 2), needsPostgres: true, what: 'the same on two nodes' },
  load: { run: load, needsPostgres: false, what: 'board load time and sync size, large boards, a month of moves' },
};

const args = process.argv.slice(2);
const record = args.includes('--record');
const profile = args.includes('--profile');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in scenarios));
if (unknown.length > 0) {
  console.error(`Unknown scenario ${unknown.join(', ')}. Scenarios: ${Object.keys(scenarios).join(', ')}.`);
  process.exit(2);
}
let selected = names.length > 0 ? names : Object.keys(scenarios);

const databaseUrl = process.env.DATABASE_URL || undefined;
if (!databaseUrl) {
  const skipped = selected.filter((n) => scenarios[n]?.needsPostgres);
  console.error(
    [
      'DATABASE_URL is not set: Obeya runs on its embedded PGlite database, not on PostgreSQL.',
      `Skipped, they need a PostgreSQL server: ${skipped.join(', ') || 'none'} (admitted moves on real PostgreSQL, two nodes sharing one database).`,
      'Set DATABASE_URL=postgres://user@host:port/db of a server where the suite may create and drop databases.',
    ].join('\n'),
  );
  selected = selected.filter((n) => !scenarios[n]?.needsPostgres);
  if (selected.length === 0) process.exit(1);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers this run started…`);
    void stopAll().then(() => process.exit(130));
  });
}

const started = performance.now();
const machine = describeMachine(databaseUrl ? await postgresVersion(databaseUrl) : 'no PostgreSQL (PGlite)');
const command = `${config.scale !== 1 ? `BENCH_SCALE=${config.scale} ` : ''}pnpm bench${args.length ? ` ${args.join(' ')}` : ''}`;
console.log(`# Obeya vs a plain Yjs relay — ${machine.date}`);
console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node ${machine.node}, ${machine.postgres}\n`);

const profileDir = profile ? mkdtempSync(path.join(tmpdir(), 'obeya-bench-profile-')) : null;
const ctx: Context = { databaseUrl, profileDir, memo: new Map(), profiles: new Map() };
const sections: string[] = [];
const results: ScenarioResult[] = [];
let failed = false;
try {
  for (const name of selected) {
    const scenario = scenarios[name]!;
    console.error(`\n▶ ${name}: ${scenario.what}`);
    const t = performance.now();
    try {
      const result = await scenario.run(ctx);
      const text = renderScenario(result);
      console.log(`\n${text}`);
      sections.push(text);
      results.push(result);
      console.error(`  (${name} took ${((performance.now() - t) / 1000).toFixed(0)} s)`);
    } catch (err) {
      failed = true;
      console.error(`✗ ${name} failed:`, err);
      sections.push(`### ${name}\n\nFailed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    }
  }
} finally {
  await stopAll();
}
const minutes = (performance.now() - started) / 60_000;
const summary = renderTargets(results);
console.log(`\n${summary}`);
console.error(`Done in ${minutes.toFixed(1)} minutes.`);
if (profileDir) console.log(`\n${await profileReport(ctx)}`);
if (record) {
  const body = [summary, ...sections].join('\n');
  console.error(`Recorded in ${await recordResults(machine, command, minutes, body)}`);
}
process.exit(failed ? 1 : 0);
