import type { Report, ServiceLevel } from '@obeya/metrics';
import { days, percent, plural, table } from './format.ts';

const DAY_MS = 86_400_000;

/** The readable summary `obeya metrics` prints without `--json`. */
export function formatSummary(report: Report, sle: ServiceLevel, columnNames: ReadonlyMap<string, string>): string {
  const { period, cards, cycleTime } = report;
  const dayCount = report.throughput.length;
  const finished = report.throughput.reduce((sum, d) => sum + d.count, 0);
  const averageWip = report.wip.reduce((sum, d) => sum + d.count, 0) / Math.max(1, dayCount);
  const byStatus = (status: string) => cards.filter((c) => c.status === status).length;
  const name = (id: string) => columnNames.get(id) ?? id;
  const throughputPerDay = finished / Math.max(1, dayCount);
  const littles = cycleTime.meanMs === null ? null : throughputPerDay * (cycleTime.meanMs / DAY_MS);

  const lines = [
    `Flow metrics ${period.from} → ${period.to} (${plural(dayCount, 'day')}, ${period.timeZone}), at ${period.now}`,
    '',
    table(
      [
        [
          'Cards',
          `${cards.length}: ${byStatus('done')} done, ${byStatus('wip')} in progress, ${byStatus('backlog')} in backlog, ` +
            `${byStatus('discarded')} discarded, ${byStatus('archived')} archived`,
        ],
        ['Throughput', `${finished} finished in the period, ${throughputPerDay.toFixed(2)} a day`],
        [
          'WIP',
          `${averageWip.toFixed(2)} on average at the end of a day, ${report.wip.at(-1)?.count ?? 0} on the last day`,
        ],
        [
          'Cycle time',
          cycleTime.count === 0
            ? 'no card finished in the period'
            : `${plural(cycleTime.count, 'card')}: mean ${days(cycleTime.meanMs)}, P50 ${days(cycleTime.p50Ms)}, ` +
              `P85 ${days(cycleTime.p85Ms)}, P95 ${days(cycleTime.p95Ms)}`,
        ],
        ['Flow efficiency', `${percent(report.flowEfficiency)} of the cycle time of those cards was active work`],
        [
          `SLE (P${sle.percent})`,
          sle.cycleTimeMs === null
            ? `no card finished ${sle.from} → ${sle.to}`
            : `${days(sle.cycleTimeMs)} (cards finished ${sle.from} → ${sle.to}); ` +
              `${plural(sle.ageing.length, 'card')} in progress older than that`,
        ],
        [
          "Little's law",
          littles === null
            ? '–'
            : `average WIP ${averageWip.toFixed(2)} vs throughput × mean cycle time ${littles.toFixed(2)}`,
        ],
      ],
      { indent: '', textOnly: true },
    ),
  ];

  if (sle.ageing.length > 0) {
    lines.push('', 'Ageing beyond the SLE (age in days):');
    const shown = sle.ageing.slice(0, 10);
    lines.push(table(shown.map((c) => [c.id, name(c.column), days(c.ageMs)])));
    if (sle.ageing.length > shown.length) lines.push(`  … and ${sle.ageing.length - shown.length} more`);
  }

  const stream = Object.keys(report.activeByColumn)
    .map((id) => [id, report.activeByColumn[id] ?? 0, report.waitingByColumn[id] ?? 0] as const)
    .filter(([, active, waiting]) => active + waiting > 0);
  if (stream.length > 0) {
    lines.push('', 'Value stream: card-days in progress during the period, by column');
    lines.push(
      table([
        ['column', 'active', 'waiting', 'waiting share'],
        ...stream.map(([id, active, waiting]) => [
          name(id),
          days(active),
          days(waiting),
          percent(waiting / (active + waiting)),
        ]),
      ]),
    );
  }

  if (report.blockedByReason.length > 0) {
    lines.push('', 'Blockers: time blocked while in progress during the period');
    lines.push(
      table([
        ['reason', 'waste', 'times', 'blocked'],
        ...report.blockedByReason.slice(0, 10).map((b) => [b.reason, b.waste, String(b.count), days(b.ms)]),
      ]),
    );
  }
  return lines.join('\n') + '\n';
}
