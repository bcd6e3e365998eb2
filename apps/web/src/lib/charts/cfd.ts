import type { Analytics } from '@obeya/metrics';
import { escapeHtml } from './echarts.ts';
import type { ChartSpec, Table } from './spec.ts';
import { baseOption, categoryAxis, valueAxis, dataTooltip } from './style.ts';

/**
 * The cards in each column at the end of each day: a CFD band is the difference between the
 * cumulative counts (M11) of a column and of the next one, the last column's band its own count.
 */
export function cfdBands(a: Analytics): { date: string; bands: number[] }[] {
  const ids = a.workflow.columns.map((c) => c.id);
  return a.cfd.map(({ date, counts }) => ({
    date,
    bands: ids.map((id, i) => (counts[id] ?? 0) - (i + 1 < ids.length ? (counts[ids[i + 1]!] ?? 0) : 0)),
  }));
}

/** A round number at or below `n`, for an axis to start at. */
function roundDown(n: number): number {
  const step = n >= 100 ? 50 : n >= 20 ? 10 : 1;
  return Math.floor(n / step) * step;
}

function summary(a: Analytics): string {
  const first = a.cfd[0];
  const last = a.cfd.at(-1);
  if (!first || !last) return 'No days in this period.';
  const done = (day: typeof first) => day.counts[a.workflow.finish] ?? 0;
  const arrived = (day: typeof first) => day.counts[a.workflow.start] ?? 0;
  return `${arrived(last) - arrived(first)} cards started and ${done(last) - done(first)} finished over the period.`;
}

export const cfdChart: ChartSpec = {
  id: 'cfd',
  title: 'Cumulative flow',
  explain:
    'Each band is a column; its height on a day is how many cards were in that column at the end of the day. ' +
    'Parallel bands mean smooth flow. A band that widens is a queue growing (work piles up there); ' +
    'flat lines mean nothing moved. The distance across between two band edges is roughly how long work took.',
  summary,
  option(a, _view, style) {
    const columns = a.workflow.columns;
    const dates = a.cfd.map((d) => d.date);
    const bands = cfdBands(a);
    return {
      ...baseOption(style, `Cumulative flow over ${columns.length} columns. ${summary(a)}`),
      legend: { top: 0, right: 0, textStyle: { color: style.ink, fontSize: style.font }, type: 'scroll' },
      grid: { left: 12, right: 24, top: 56, bottom: 12 },
      tooltip: dataTooltip('axis', bands, (day) => {
        // Right to left, as the bands stack from the bottom.
        const lines = columns.map((c, i) => `${escapeHtml(c.name)}: ${day.bands[i] ?? 0}`).reverse();
        return [`<strong>${day.date}</strong>`, ...lines].join('<br>');
      }),
      xAxis: categoryAxis(style, dates, { boundaryGap: false }),
      // Finished work piles up for ever: start the axis at what was already finished on the first
      // day, so the bands of the period fill the chart rather than a sliver on top of it.
      yAxis: valueAxis(style, 'Cards', { minInterval: 1, min: roundDown(a.cfd[0]?.counts[a.workflow.finish] ?? 0) }),
      // Each series is a column's cumulative count drawn from zero; later (righter) columns are
      // smaller and drawn over the earlier ones, so each visible band is one column's cards.
      series: columns.map((c, i) => ({
        type: 'line' as const,
        name: c.name,
        symbol: 'none',
        data: a.cfd.map((d) => d.counts[c.id] ?? 0),
        lineStyle: { width: 1 },
        areaStyle: { opacity: 1, color: style.series[i % style.series.length] },
        itemStyle: { color: style.series[i % style.series.length] },
      })),
    };
  },
  table(a): Table {
    return {
      header: ['date', ...a.workflow.columns.map((c) => c.name)],
      rows: cfdBands(a).map((d) => [d.date, ...d.bands]),
    };
  },
};
