import type { Analytics, PercentileLines } from '@obeya/metrics';
import { escapeHtml } from './echarts.ts';
import type { ChartSpec } from './spec.ts';
import { baseOption, dayText, days, levelLine, valueAxis, type ChartStyle, dataTooltip } from './style.ts';

/** The lines a chart draws over cycle times, with their colours: P50, P85 and P95 unless told otherwise. */
export function percentileLines(
  lines: PercentileLines,
  style: ChartStyle,
  which: ReadonlyArray<keyof PercentileLines> = ['p50', 'p85', 'p95'],
) {
  return which.flatMap((key) => {
    const ms = lines[key];
    // P85 sits close to P95 on most boards: its label goes to the other end of its line.
    const at = key === 'p85' ? 'start' : 'end';
    return ms === null ? [] : [levelLine(days(ms), `${key.toUpperCase()} · ${dayText(ms)}`, style[key], at)];
  });
}

const finishedDay = (iso: string): string => iso.slice(0, 10);

function summary(a: Analytics): string {
  const p85 = a.cycleTime.lines.p85;
  const count = a.cycleTime.cards.length;
  return p85 === null
    ? 'No card finished in this period.'
    : `85 % of the ${count} cards finished took ${dayText(p85)} or less.`;
}

export const cycleTimeChart: ChartSpec = {
  id: 'cycle-time',
  title: 'Cycle time',
  explain:
    'Each dot is a card finished in the period: when it finished (across) and how many days it took from start to finish (up). ' +
    'The dashed lines say how long most work takes: 85 % of the dots sit on or below the P85 line. ' +
    'Dots far above it are the stories worth a look. Select a dot to open its card.',
  summary,
  option(a, _view, style) {
    const cards = a.cycleTime.cards;
    return {
      ...baseOption(style, `Cycle time of ${cards.length} finished cards. ${summary(a)}`),
      tooltip: dataTooltip(
        'item',
        cards,
        (card) =>
          `<strong>${escapeHtml(card.title)}</strong><br>Finished ${finishedDay(card.finishedAt)}<br>Cycle time ${dayText(card.cycleTimeMs)}`,
      ),
      xAxis: {
        type: 'time',
        min: Date.parse(`${a.period.from}T00:00:00Z`),
        max: Date.parse(`${a.period.to}T23:59:59Z`),
        // "3 Mar", and the month's name where a month begins.
        axisLabel: {
          color: style.soft,
          fontSize: style.font,
          hideOverlap: true,
          formatter: { year: '{yyyy}', month: '{MMM}', day: '{d} {MMM}' },
        },
        splitLine: { show: false },
      },
      yAxis: valueAxis(style, 'Days from start to finish', { min: 0 }),
      series: [
        {
          type: 'scatter',
          name: 'Finished cards',
          symbolSize: 8,
          itemStyle: { color: style.series[0], opacity: 0.75 },
          cursor: 'pointer',
          data: cards.map((c) => [Date.parse(c.finishedAt), days(c.cycleTimeMs)]),
          markLine: { symbol: 'none', silent: true, data: percentileLines(a.cycleTime.lines, style) },
        },
      ],
    };
  },
  table(a) {
    return {
      header: ['card', 'title', 'finished', 'cycle time (days)'],
      rows: a.cycleTime.cards.map((c) => [c.id, c.title, c.finishedAt, days(c.cycleTimeMs)]),
    };
  },
  cardAt: (a, dataIndex) => a.cycleTime.cards[dataIndex]?.id ?? null,
};
