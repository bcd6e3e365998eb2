import type { Analytics } from '@obeya/metrics';
import { escapeHtml } from './echarts.ts';
import type { ChartSpec } from './spec.ts';
import { baseOption, categoryAxis, columnNames, dayText, days, percentText, valueAxis, dataTooltip } from './style.ts';

function steps(a: Analytics) {
  const names = columnNames(a);
  return a.valueStream.map((s) => ({ ...s, name: names.get(s.column) ?? s.column }));
}

function summary(a: Analytics): string {
  const all = steps(a);
  const waited = all.reduce((n, s) => n + s.waitingMs, 0);
  const total = all.reduce((n, s) => n + s.activeMs + s.waitingMs, 0);
  if (total === 0) return 'No work was in progress in this period.';
  const worst = [...all].sort((p, q) => q.waitingMs - p.waitingMs)[0];
  return `Work waited ${percentText(waited / total)} of its time in progress${worst ? `, most in ${worst.name}` : ''}.`;
}

export const valueStreamChart: ChartSpec = {
  id: 'value-stream',
  title: 'Value stream: worked and waiting time by column',
  explain:
    'For each step from commitment to delivery: the card-days spent being worked on (active column, not blocked) and waiting ' +
    '(a queue column, or blocked) during the period. The longest waiting bar is where the waste is. ' +
    'The label gives the median time a finished card spent in the step.',
  summary,
  option(a, _view, style) {
    const all = steps(a);
    return {
      ...baseOption(style, `Worked and waiting card-days per column. ${summary(a)}`),
      legend: { top: 0, right: 0, textStyle: { color: style.ink, fontSize: style.font } },
      tooltip: dataTooltip(
        'axis',
        all,
        (s) => {
          const median =
            s.medianMs === null ? 'no finished card passed here' : `median ${dayText(s.medianMs)} per card`;
          return `<strong>${escapeHtml(s.name)}</strong><br>Worked ${dayText(s.activeMs)}<br>Waiting ${dayText(s.waitingMs)}<br>${median} (${s.cards} cards)`;
        },
        true,
      ),
      xAxis: valueAxis(style, 'Card-days', { min: 0 }),
      yAxis: categoryAxis(
        style,
        all.map((s) => s.name),
        { inverse: true },
      ),
      series: [
        {
          type: 'bar',
          name: 'Worked',
          stack: 'time',
          data: all.map((s) => days(s.activeMs)),
          itemStyle: { color: style.working },
        },
        {
          type: 'bar',
          name: 'Waiting',
          stack: 'time',
          data: all.map((s) => days(s.waitingMs)),
          itemStyle: { color: style.waiting },
          label: {
            show: true,
            position: 'right',
            color: style.soft,
            formatter: (p) => {
              const s = all[(p as { dataIndex: number }).dataIndex];
              return s?.medianMs == null ? '' : `median ${dayText(s.medianMs)}`;
            },
          },
        },
      ],
    };
  },
  table(a) {
    return {
      header: [
        'column',
        'worked (card-days)',
        'waiting (card-days)',
        'median time per finished card (days)',
        'finished cards',
      ],
      rows: steps(a).map((s) => [
        s.name,
        days(s.activeMs),
        days(s.waitingMs),
        s.medianMs === null ? '' : days(s.medianMs),
        s.cards,
      ]),
    };
  },
};
