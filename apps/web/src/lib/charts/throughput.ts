import type { Analytics } from '@obeya/metrics';
import type { ChartSpec } from './spec.ts';
import { baseOption, categoryAxis, levelLine, mean, valueAxis } from './style.ts';

const VIEWS = [
  { id: 'daily', label: 'Daily' },
  { id: 'weekly', label: 'Weekly' },
] as const;

/** The bars of a view: per day, or per week (labelled by its Monday). */
function bars(a: Analytics, view: string): { label: string; count: number }[] {
  return view === 'weekly'
    ? a.throughput.weekly.map((w) => ({ label: w.week, count: w.count }))
    : a.throughput.daily.map((d) => ({ label: d.date, count: d.count }));
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function summary(a: Analytics): string {
  const total = a.throughput.daily.reduce((n, d) => n + d.count, 0);
  // Per seven days of the period, not per calendar week: the first and last weeks are often cut short.
  const perWeek = a.throughput.daily.length === 0 ? 0 : (total * 7) / a.throughput.daily.length;
  return `${total} cards finished, ${round1(perWeek)} a week on average.`;
}

export const throughputChart: ChartSpec = {
  id: 'throughput',
  title: 'Throughput',
  explain:
    'How many cards were finished each day or week. A steady run means a predictable system; ' +
    'gaps and spikes often mean work is batched (released all at once) or blocked. The dashed line is the average.',
  views: VIEWS,
  summary,
  option(a, view, style) {
    const shown = bars(a, view);
    const average = mean(shown.map((b) => b.count));
    const unit = view === 'weekly' ? 'week' : 'day';
    return {
      ...baseOption(style, `Throughput per ${unit}. ${summary(a)}`),
      tooltip: { trigger: 'axis', confine: true },
      xAxis: categoryAxis(
        style,
        shown.map((b) => b.label),
        { name: view === 'weekly' ? 'Week starting' : '' },
      ),
      yAxis: valueAxis(style, `Cards finished per ${unit}`, { minInterval: 1 }),
      series: [
        {
          type: 'bar',
          name: 'Finished',
          data: shown.map((b) => b.count),
          itemStyle: { color: style.series[2] },
          markLine:
            average === null
              ? undefined
              : {
                  symbol: 'none',
                  silent: true,
                  data: [levelLine(round1(average), `Average · ${round1(average)}`, style.soft)],
                },
        },
      ],
    };
  },
  table(a, view) {
    return {
      header: [view === 'weekly' ? 'week starting' : 'date', 'finished'],
      rows: bars(a, view).map((b) => [b.label, b.count]),
    };
  },
};
