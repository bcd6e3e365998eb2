import type { Analytics } from '@obeya/metrics';
import type { ChartSpec } from './spec.ts';
import { baseOption, categoryAxis, levelLine, percentText, valueAxis, dataTooltip } from './style.ts';

const percent = (share: number | null): number | null => (share === null ? null : Math.round(share * 1000) / 10);

function summary(a: Analytics): string {
  const share = a.efficiency.period;
  return share === null
    ? 'No card finished in this period.'
    : `Finished cards were worked on ${percentText(share)} of their cycle time; the rest they waited.`;
}

export const efficiencyChart: ChartSpec = {
  id: 'efficiency',
  title: 'Flow efficiency',
  explain:
    'Of the time cards spent between start and finish, the share in which someone worked on them (an active column, not blocked), ' +
    'per week of finishing. The rest is waiting: in queues, or blocked. 15 % is common; raising it means removing waits, not working faster.',
  summary,
  option(a, _view, style) {
    const overall = percent(a.efficiency.period);
    return {
      ...baseOption(style, `Flow efficiency per week. ${summary(a)}`),
      tooltip: dataTooltip('axis', a.efficiency.weekly, (week) => {
        const value =
          week.value === null ? 'nothing finished' : `${percent(week.value)} % of ${week.finished} cards' time`;
        return `<strong>Week of ${week.week}</strong><br>${value}`;
      }),
      xAxis: categoryAxis(
        style,
        a.efficiency.weekly.map((w) => w.week),
        { name: 'Week starting' },
      ),
      yAxis: valueAxis(style, 'Worked share of cycle time (%)', { min: 0, max: 100 }),
      series: [
        {
          type: 'line',
          name: 'Flow efficiency',
          data: a.efficiency.weekly.map((w) => percent(w.value)),
          connectNulls: false,
          symbolSize: 7,
          lineStyle: { width: 2, color: style.series[2] },
          itemStyle: { color: style.series[2] },
          markLine:
            overall === null
              ? undefined
              : { symbol: 'none', silent: true, data: [levelLine(overall, `Period · ${overall} %`, style.soft)] },
        },
      ],
    };
  },
  table(a) {
    return {
      header: ['week starting', 'flow efficiency (%)', 'cards finished'],
      rows: a.efficiency.weekly.map((w) => [w.week, percent(w.value) ?? '', w.finished]),
    };
  },
};
