import type { HowManyReport, ThroughputWindow, WhenReport } from '@obeya/metrics';
import { plural, table } from './format.ts';

/** The readable answer of `obeya forecast when`. */
export function formatWhen(report: WhenReport): string {
  const rows = report.answers.map((a) => [
    `${a.percent} %`,
    a.days === null ? 'not within ten years' : `within ${plural(a.days, 'day')}`,
    a.date === null ? '' : `by ${a.date}`,
  ]);
  return [
    `When will ${plural(report.items, 'item')} be done? Days counted from the day after ${report.today}.`,
    basis(report.window, report.trials, report.seed),
    '',
    table(rows),
    '',
  ].join('\n');
}

/** The readable answer of `obeya forecast how-many`. */
export function formatHowMany(report: HowManyReport): string {
  const rows = report.answers.map((a) => [`${a.percent} %`, `at least ${plural(a.items, 'item')}`]);
  return [
    `How many items by ${report.by}? ${plural(report.days, 'day')} after ${report.today}.`,
    basis(report.window, report.trials, report.seed),
    '',
    table(rows),
    '',
  ].join('\n');
}

function basis(window: ThroughputWindow, trials: number, seed: number): string {
  const perDay = (window.total / window.days).toFixed(2);
  return (
    `Sampled from daily throughput ${window.from} → ${window.to} (${plural(window.total, 'item')}, ${perDay} a day), ` +
    `${trials} trials, seed ${seed}.`
  );
}
