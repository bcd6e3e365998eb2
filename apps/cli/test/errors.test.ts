import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const BAD_LINES = [
  '  line 3: invalid JSON: ',
  '  line 4: unknown column "testing"',
  '  line 5: bad timestamp "yesterday": expected ISO-8601 with a zone, e.g. 2026-03-02T09:00:00Z',
  '  line 8: unknown type "paused" (expected one of: workflow, created, moved, blocked, unblocked, archived, deleted)',
];

describe('obeya errors and exit codes', () => {
  it('a log with errors prints every error with its line and exits 1, computing nothing', async () => {
    const run = await runCli(['metrics', 'bad.jsonl', '--json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('obeya: bad.jsonl has 4 errors, nothing computed; --skip-bad-lines skips bad lines:');
    expect(lines).toHaveLength(5);
    lines.slice(1).forEach((line, i) => expect(line.startsWith(BAD_LINES[i]!)).toBe(true));
  });

  it('--skip-bad-lines reports the skipped lines on stderr and computes from the rest', async () => {
    const run = await runCli(['metrics', 'bad.jsonl', '--skip-bad-lines', '--now', '2026-03-07T12:00:00Z', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')[0]).toBe('obeya: skipped 4 bad lines of bad.jsonl:');
    expect(run.stderr).toContain('  line 4: unknown column "testing"');
    const report = JSON.parse(run.stdout);
    expect(report.period).toMatchObject({ from: '2026-03-02', to: '2026-03-07', timeZone: 'Europe/Berlin' });
    expect(report.cards).toEqual([expect.objectContaining({ id: 'c1', status: 'done', cycleTimeMs: 24 * 3_600_000 })]);
  });

  it('a missing file is a usage error (exit 2) with a clear message', async () => {
    const run = await runCli(['metrics', 'nothing-here.jsonl']);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe(
      'obeya: cannot read nothing-here.jsonl: no such file\nRun "obeya metrics --help" for usage.\n',
    );
  });

  it('bad flags and values are usage errors (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['metrics', 'small.jsonl', '--colour'], "obeya: Unknown option '--colour'"],
      [['metrics', 'small.jsonl', '--from', '2026-13-01'], 'obeya: --from must be a date YYYY-MM-DD, not "2026-13-01"'],
      [['metrics', 'small.jsonl', '--now', 'tomorrow'], 'obeya: --now must be ISO-8601 with a zone'],
      [
        ['metrics', 'small.jsonl', '--from', '2026-03-09', '--to', '2026-03-01'],
        'obeya: the period starts (2026-03-09)',
      ],
      [['metrics'], 'obeya: missing the flow log file'],
      [['forecast', 'when', 'steady.jsonl'], 'obeya: missing --items'],
      [['forecast', 'when', '--items', 'ten', 'steady.jsonl'], 'obeya: --items must be a whole number'],
      [['forecast', 'soon', 'steady.jsonl'], 'obeya: unknown forecast "soon"'],
      [['report', 'small.jsonl'], 'obeya: unknown command "report"'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr.startsWith(message), `${args.join(' ')} → ${run.stderr}`).toBe(true);
    }
  });

  it('an invalid workflow file exits 1 and says what is wrong', async () => {
    const run = await runCli(['metrics', 'small.csv', '--workflow', 'small.jsonl']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^obeya: small.jsonl is not a valid workflow:\n {2}invalid JSON: /);
  });

  it('--help documents the commands and the exit codes', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('obeya metrics <log> [options]');
    expect(main.stdout).toContain('obeya forecast when --items <N> <log>');
    expect(main.stdout).toMatch(/Exit codes:\n {2}0 {2}success\n {2}1 {2}the flow log.*\n {2}2 {2}bad usage/);
    const metrics = await runCli(['metrics', '--help']);
    expect(metrics.code).toBe(0);
    expect(metrics.stdout).toContain('--skip-bad-lines');
    expect(metrics.stdout).toContain('Exit codes:');
    const none = await runCli([]);
    expect(none.code).toBe(2);
  });
});
