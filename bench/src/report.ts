import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import type { Machine } from './machine.ts';

export type Cell = number | string | null;

/** One figure, side by side: Obeya's, the relay's, and (for numbers) their ratio. */
export interface Row {
  metric: string;
  unit: string;
  obeya: Cell;
  relay: Cell;
  /** Show Obeya ÷ relay; on by default when both are numbers. */
  ratio?: boolean;
}

export interface Target {
  name: string;
  holds: boolean;
  detail: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** What was run, in one or two sentences. */
  setup: string;
  /** Column headers, when the defaults ("Obeya", "relay") need a qualifier. */
  headers?: { obeya: string; relay: string };
  rows: Row[];
  targets: Target[];
  /** How long preparing took, e.g. filling a board with cards. */
  setupTimes: Array<{ what: string; seconds: number }>;
  notes: string[];
}

function format(cell: Cell, unit: string): string {
  if (cell === null) return 'n/a';
  if (typeof cell === 'string') return cell;
  if (!Number.isFinite(cell)) return 'n/a';
  const digits = unit === 'ms' && Math.abs(cell) < 100 ? 1 : unit === 'KiB' && cell < 100 ? 1 : 0;
  return `${cell.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${unit && unit !== 'count' ? ` ${unit}` : ''}`;
}

function ratio(row: Row): string {
  if (row.ratio === false || typeof row.obeya !== 'number' || typeof row.relay !== 'number') return '';
  if (!Number.isFinite(row.obeya) || !Number.isFinite(row.relay) || row.relay === 0) return '';
  return `${(row.obeya / row.relay).toFixed(2)}×`;
}

/** A scenario as Markdown: the same text is printed and recorded. */
export function renderScenario(result: ScenarioResult): string {
  const headers = result.headers ?? { obeya: 'Obeya', relay: 'relay' };
  const lines = [
    `### ${result.title}`,
    '',
    result.setup,
    '',
    `| metric | ${headers.obeya} | ${headers.relay} | Obeya ÷ relay |`,
    '| --- | ---: | ---: | ---: |',
    ...result.rows.map(
      (r) => `| ${r.metric} | ${format(r.obeya, r.unit)} | ${format(r.relay, r.unit)} | ${ratio(r)} |`,
    ),
    '',
  ];
  for (const t of result.targets)
    lines.push(`- target ${t.holds ? '**holds**' : '**MISSED**'}: ${t.name} (${t.detail})`);
  if (result.setupTimes.length > 0) {
    lines.push(`- setup: ${result.setupTimes.map((s) => `${s.what} ${s.seconds.toFixed(1)} s`).join('; ')}`);
  }
  for (const note of result.notes) lines.push(`- ${note}`);
  return `${lines.join('\n')}\n`;
}

/** Every target of the run in one table, first thing in the results. */
export function renderTargets(results: readonly ScenarioResult[]): string {
  const rows = results.flatMap((r) =>
    r.targets.map((t) => `| ${r.title} | ${t.name} | ${t.holds ? 'holds' : '**missed**'} | ${t.detail} |`),
  );
  if (rows.length === 0) return '';
  return ['### Targets', '', '| scenario | target | result | figures |', '| --- | --- | --- | --- |', ...rows, ''].join(
    '\n',
  );
}

const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
const START = '<!-- bench:generated:start (written by `pnpm bench --record`; edit outside these markers) -->';
const END = '<!-- bench:generated:end -->';

const HAND_WRITTEN = `
## Where the time goes

_Hand-written, kept by \`pnpm bench --record\`: read a profile of the Obeya server during the fan-out scenario
(\`pnpm bench fanout --profile\`) and explain here where a move's milliseconds go._

TODO
`;

/**
 * Writes the generated part of bench/RESULTS.md (between the markers), keeping everything
 * outside them, such as the hand-written "Where the time goes".
 */
export async function recordResults(machine: Machine, command: string, minutes: number, body: string): Promise<string> {
  const generated = [
    START,
    '',
    `Recorded ${machine.date} on ${machine.cpu} (${machine.cores} cores), ${machine.memory}, Node ${machine.node}, ${machine.postgres}, ${machine.os}.`,
    '',
    `Command: \`${command}\` (${minutes.toFixed(1)} minutes). Each scenario runs Obeya and the relay in the same run through`,
    'the same client harness; the ratio is Obeya ÷ relay. The machine is shared with other work, so absolute',
    'figures are noisy; the ratios are the figures to compare.',
    '',
    body.trim(),
    '',
    END,
  ].join('\n');
  const intro = [
    '# Benchmark results',
    '',
    'Obeya against a plain Yjs relay (Hocuspocus 3, no persistence, no extensions) on one machine.',
    'How to run: `pnpm bench` (all scenarios), `pnpm bench fanout load` (some), `BENCH_SCALE=0.1 pnpm bench`',
    '(a quick, smaller try), `pnpm bench --record` (rewrite the generated part of this file).',
    '',
  ].join('\n');
  const before = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : `${intro}\n${START}\n${END}\n${HAND_WRITTEN}`;
  const from = before.indexOf(START);
  const to = before.indexOf(END);
  const after =
    from >= 0 && to > from
      ? `${before.slice(0, from)}${generated}${before.slice(to + END.length)}`
      : `${before.trimEnd()}\n\n${generated}\n`;
  // Formatted as the repository's `prettier --check .` expects (aligned tables).
  const options = (await prettier.resolveConfig(RESULTS)) ?? {};
  writeFileSync(RESULTS, await prettier.format(after, { ...options, filepath: RESULTS }));
  return RESULTS;
}
