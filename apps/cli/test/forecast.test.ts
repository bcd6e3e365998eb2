import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

// steady.jsonl finishes exactly two cards every day of March 2026.
const NOW = ['--now', '2026-04-01T09:00:00Z'];

describe('obeya forecast', () => {
  it('when --items with a seed answers exactly for steady throughput', async () => {
    const run = await runCli(['forecast', 'when', '--items', '11', 'steady.jsonl', ...NOW, '--seed', '42', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      question: 'when',
      items: 11,
      today: '2026-04-01',
      trials: 10000,
      seed: 42,
      window: { from: '2026-03-02', to: '2026-03-31', days: 30, total: 60 },
    });
    expect(report.answers).toEqual([50, 70, 85, 95].map((percent) => ({ percent, days: 6, date: '2026-04-07' })));
  });

  it('how-many --by with a seed answers exactly for steady throughput', async () => {
    const args = [
      'forecast',
      'how-many',
      '--by',
      '2026-04-10',
      'steady.jsonl',
      ...NOW,
      '--seed',
      '1',
      '--trials',
      '500',
    ];
    const run = await runCli([...args, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ question: 'how-many', by: '2026-04-10', days: 9, trials: 500, seed: 1 });
    expect(report.answers).toEqual([50, 70, 85, 95].map((percent) => ({ percent, items: 18 })));
    const readable = await runCli(args);
    expect(readable.stdout).toContain('How many items by 2026-04-10? 9 days after 2026-04-01.');
    expect(readable.stdout).toContain('  95 %  at least 18 items');
  });

  it('the same seed repeats a forecast on uneven throughput; the readable answer names the seed', async () => {
    const args = [
      'forecast',
      'when',
      '--items',
      '3',
      'small.jsonl',
      '--now',
      '2026-03-10T12:00:00Z',
      '--window-days',
      '7',
    ];
    const first = await runCli([...args, '--seed', '9']);
    const second = await runCli([...args, '--seed', '9']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toContain(
      'Sampled from daily throughput 2026-03-03 → 2026-03-09 (1 item, 0.14 a day), 10000 trials, seed 9.',
    );
    expect(first.stdout).toMatch(/ {2}50 % {2}within \d+ days {2}by 2026-\d\d-\d\d/);
  });
});
