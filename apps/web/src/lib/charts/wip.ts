import type { Analytics } from '@obeya/metrics';
import type { ChartSpec } from './spec.ts';
import { baseOption, categoryAxis, levelLine, mean, valueAxis } from './style.ts';

function summary(a: Analytics): string {
  const last = a.wip.at(-1);
  const average = mean(a.wip.map((d) => d.count));
  return last === undefined
    ? 'No days in this period.'
    : `${last.count} in progress now, ${Math.round((average ?? 0) * 10) / 10} on average.`;
}

export const wipChart: ChartSpec = {
  id: 'wip',
  title: 'Work in progress',
  explain:
    'How many cards were started and not yet finished at the end of each day. ' +
    'A rising line means the team starts more than it finishes: cycle times will grow. Stop starting, start finishing.',
  summary,
  option(a, _view, style) {
    const counts = a.wip.map((d) => d.count);
    const average = mean(counts);
    return {
      ...baseOption(style, `Work in progress per day. ${summary(a)}`),
      tooltip: { trigger: 'axis', confine: true },
      xAxis: categoryAxis(
        style,
        a.wip.map((d) => d.date),
        { boundaryGap: false },
      ),
      yAxis: valueAxis(style, 'Cards in progress at the end of the day', { minInterval: 1 }),
      series: [
        {
          type: 'line',
          name: 'In progress',
          step: 'end',
          symbol: 'none',
          data: counts,
          lineStyle: { width: 2, color: style.series[0] },
          areaStyle: { color: style.series[0], opacity: 0.12 },
          markLine:
            average === null
              ? undefined
              : {
                  symbol: 'none',
                  silent: true,
                  data: [
                    levelLine(Math.round(average * 10) / 10, `Average · ${Math.round(average * 10) / 10}`, style.soft),
                  ],
                },
        },
      ],
    };
  },
  table(a) {
    return { header: ['date', 'in progress'], rows: a.wip.map((d) => [d.date, d.count]) };
  },
};
