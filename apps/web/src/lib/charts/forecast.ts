import type { Analytics } from '@obeya/metrics';
import type { ChartSpec } from './spec.ts';
import { baseOption, categoryAxis, valueAxis } from './style.ts';

const VIEWS = [
  { id: 'when', label: 'When will they be done?' },
  { id: 'how-many', label: 'How many by a date?' },
] as const;

function whenSentence(a: Analytics): string {
  const { items, answers } = a.forecast.when;
  const p85 = answers.find((x) => x.percent === 85);
  if (!p85 || p85.date === null)
    return `Nothing finished in the last ${a.forecast.when.window.days} days to forecast ${items} items from.`;
  return `${items} items: done by ${p85.date} (${p85.days} days) with 85 % confidence.`;
}

function howManySentence(a: Analytics): string {
  const { by, answers } = a.forecast.howMany;
  const p85 = answers.find((x) => x.percent === 85);
  return `By ${by}: at least ${p85?.items ?? 0} items with 85 % confidence.`;
}

function summary(a: Analytics): string {
  return `${whenSentence(a)} ${howManySentence(a)}`;
}

export const forecastChart: ChartSpec = {
  id: 'forecast',
  title: 'Forecast (Monte Carlo)',
  explain:
    'Ten thousand simulated futures, each made by replaying randomly chosen days of the last 30 days’ throughput. ' +
    '"When": the date by which the items are done in that share of the futures. "How many": the number finished by the date ' +
    'in at least that share. Say the 85 % answer to commit; the 50 % one is a coin toss.',
  views: VIEWS,
  summary,
  option(a, view, style) {
    const when = view !== 'how-many';
    const answers = when
      ? a.forecast.when.answers.map((x) => ({ percent: x.percent, value: x.days, label: x.date ?? 'never' }))
      : a.forecast.howMany.answers.map((x) => ({ percent: x.percent, value: x.items, label: `${x.items} items` }));
    return {
      ...baseOption(style, when ? whenSentence(a) : howManySentence(a)),
      tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' } },
      xAxis: valueAxis(style, when ? 'Days from tomorrow' : 'Items finished', { min: 0, minInterval: 1 }),
      yAxis: categoryAxis(
        style,
        answers.map((x) => `${x.percent} %`),
        { name: 'Confidence' },
      ),
      series: [
        {
          type: 'bar',
          name: when ? 'Days' : 'Items',
          barWidth: '55%',
          data: answers.map((x) => ({
            value: x.value,
            itemStyle: { color: x.percent >= 85 ? style.series[0] : style.series[4] },
          })),
          label: {
            show: true,
            position: 'right',
            color: style.ink,
            formatter: (p) => answers[(p as { dataIndex: number }).dataIndex]?.label ?? '',
          },
        },
      ],
    };
  },
  table(a, view) {
    return view === 'how-many'
      ? {
          header: ['confidence (%)', `items done by ${a.forecast.howMany.by}`],
          rows: a.forecast.howMany.answers.map((x) => [x.percent, x.items]),
        }
      : {
          header: ['confidence (%)', `days to finish ${a.forecast.when.items} items`, 'date'],
          rows: a.forecast.when.answers.map((x) => [x.percent, x.days ?? '', x.date ?? '']),
        };
  },
};
