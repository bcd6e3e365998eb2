import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli.ts';

const NOW = ['--now', '2026-03-10T12:00:00Z'];
const HOUR = 3_600_000;
const zeroColumns = { backlog: 0, ready: 0, doing: 0, review: 0, done: 0 };
const day = (date: string, count: number) => ({ date: `2026-03-${date}`, count });

describe('obeya metrics', () => {
  it('--json prints exactly the documented report for a small known log', async () => {
    const run = await runCli(['metrics', 'small.jsonl', ...NOW, '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      period: { from: '2026-03-02', to: '2026-03-10', timeZone: 'UTC', now: '2026-03-10T12:00:00.000Z' },
      cards: [
        {
          id: 'c1',
          status: 'done',
          column: 'done',
          createdAt: '2026-03-02T09:00:00.000Z',
          startedAt: '2026-03-03T10:15:00.000Z',
          finishedAt: '2026-03-06T15:15:00.000Z',
          cycleTimeMs: 77 * HOUR,
          leadTimeMs: 102.25 * HOUR,
          ageMs: null,
          activeMs: 28 * HOUR,
          waitingMs: 49 * HOUR,
          blockedMs: 20 * HOUR,
        },
        {
          id: 'c3',
          status: 'wip',
          column: 'doing',
          createdAt: '2026-03-05T11:00:00.000Z',
          startedAt: '2026-03-05T11:00:00.000Z',
          finishedAt: null,
          cycleTimeMs: null,
          leadTimeMs: null,
          ageMs: 121 * HOUR,
          activeMs: 99 * HOUR,
          waitingMs: 22 * HOUR,
          blockedMs: 0,
        },
      ],
      throughput: ['02', '03', '04', '05', '06', '07', '08', '09', '10'].map((d) => day(d, d === '06' ? 1 : 0)),
      wip: [
        day('02', 0),
        day('03', 1),
        day('04', 1),
        day('05', 2),
        ...['06', '07', '08', '09', '10'].map((d) => day(d, 1)),
      ],
      cfd: [
        { date: '2026-03-02', counts: { ...zeroColumns, backlog: 1 } },
        { date: '2026-03-03', counts: { ...zeroColumns, backlog: 1, ready: 1, doing: 1 } },
        { date: '2026-03-04', counts: { ...zeroColumns, backlog: 1, ready: 1, doing: 1 } },
        { date: '2026-03-05', counts: { backlog: 2, ready: 2, doing: 1, review: 1, done: 0 } },
        ...['06', '07', '08', '09', '10'].map((d) => ({
          date: `2026-03-${d}`,
          counts: { backlog: 2, ready: 2, doing: 2, review: 1, done: 1 },
        })),
      ],
      cycleTime: { count: 1, meanMs: 77 * HOUR, p50Ms: 77 * HOUR, p85Ms: 77 * HOUR, p95Ms: 77 * HOUR },
      flowEfficiency: 28 / 77,
      activeByColumn: { ...zeroColumns, doing: 127 * HOUR },
      waitingByColumn: { ...zeroColumns, ready: 22 * HOUR, doing: 20 * HOUR, review: 29 * HOUR },
      blockedByReason: [{ reason: 'waiting for vendor', waste: 'waiting', count: 1, ms: 20 * HOUR }],
    });
  });

  it('prints a readable summary by default', async () => {
    const run = await runCli(['metrics', 'small.jsonl', ...NOW]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Flow metrics 2026-03-02 → 2026-03-10 (9 days, UTC), at 2026-03-10T12:00:00.000Z');
    expect(lines).toContain('Cards            2: 1 done, 1 in progress, 0 in backlog, 0 discarded, 0 archived');
    expect(lines).toContain('Cycle time       1 card: mean 3.21 d, P50 3.21 d, P85 3.21 d, P95 3.21 d');
    expect(lines).toContain('Flow efficiency  36.4 % of the cycle time of those cards was active work');
    expect(lines).toContain('  c3  Doing  5.04 d');
    expect(lines).toContain('  Waiting for review  0.00 d   1.21 d        100.0 %');
    expect(lines).toContain('  waiting for vendor  waiting      1   0.83 d');
  });

  it('reads CSV with the workflow given separately, to the same report', async () => {
    const csv = await runCli(['metrics', 'small.csv', '--workflow', 'workflow.json', ...NOW, '--json']);
    const jsonl = await runCli(['metrics', 'small.jsonl', ...NOW, '--json']);
    expect(csv.code).toBe(0);
    expect(JSON.parse(csv.stdout)).toEqual(JSON.parse(jsonl.stdout));
  });

  it('--from and --to choose the period', async () => {
    const run = await runCli([
      'metrics',
      'small.jsonl',
      ...NOW,
      '--from',
      '2026-03-07',
      '--to',
      '2026-03-08',
      '--json',
    ]);
    const report = JSON.parse(run.stdout);
    expect(report.period).toMatchObject({ from: '2026-03-07', to: '2026-03-08' });
    expect(report.wip).toEqual([day('07', 1), day('08', 1)]);
    expect(report.cycleTime.count).toBe(0);
    expect(report.activeByColumn.doing).toBe(48 * HOUR);
  });

  it('resolves paths from the directory pnpm was started in when run as a pnpm script', async () => {
    const run = await runCli(['metrics', 'small.jsonl', ...NOW, '--json'], {
      cwd: new URL('../../..', `file://${FIXTURES}`).pathname,
      env: { npm_lifecycle_event: 'obeya', INIT_CWD: FIXTURES },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).cards).toHaveLength(2);
  });
});
