import type { Analytics } from '@obeya/metrics';
import type { ChartSpec } from './spec.ts';
import { baseOption, categoryAxis, valueAxis } from './style.ts';

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** How far the measured average WIP is from λ × W, as a share of λ × W; null when nothing finished. */
export function littlesGap(a: Analytics): number | null {
  const { averageWip, predictedWip } = a.littlesLaw;
  return predictedWip === null || predictedWip === 0 ? null : (averageWip - predictedWip) / predictedWip;
}

function summary(a: Analytics): string {
  const law = a.littlesLaw;
  const gap = littlesGap(a);
  if (gap === null || law.averageCycleTimeDays === null)
    return 'Nothing finished in this period: there is nothing to compare.';
  const verdict =
    Math.abs(gap) <= 0.2
      ? 'They agree: the system was stable, so its averages can be trusted for forecasts.'
      : gap > 0
        ? 'More work was in progress than finishing explains: work is piling up or ageing.'
        : 'Less work was in progress than finishing explains: the period ended with less in progress than it began.';
  return (
    `Average WIP ${round2(law.averageWip)} against ${round2(law.throughputPerDay)} cards a day × ` +
    `${round2(law.averageCycleTimeDays)} days = ${round2(law.predictedWip ?? 0)}. ${verdict}`
  );
}

export const littlesLawChart: ChartSpec = {
  id: 'littles-law',
  title: "Little's law check",
  explain:
    "Over a stable period, average work in progress equals throughput times average cycle time (Little's law). " +
    'The two bars compare what was measured with what finishing explains. A big gap means the period was not stable ' +
    '(work piled up, or was cleared out), so averages from it forecast poorly.',
  summary,
  option(a, _view, style) {
    const law = a.littlesLaw;
    const labels = ['Average WIP (measured)', 'Throughput × cycle time'];
    const values = [round2(law.averageWip), law.predictedWip === null ? null : round2(law.predictedWip)];
    return {
      ...baseOption(style, `Little's law over ${Math.round(law.days)} days. ${summary(a)}`),
      tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' } },
      xAxis: valueAxis(style, 'Cards', { min: 0 }),
      yAxis: categoryAxis(style, labels, { inverse: true }),
      series: [
        {
          type: 'bar',
          name: 'Cards',
          barWidth: '45%',
          data: values.map((value, i) => ({ value, itemStyle: { color: style.series[i === 0 ? 0 : 2] } })),
          label: { show: true, position: 'right', color: style.ink, fontWeight: 'bold' },
        },
      ],
    };
  },
  table(a) {
    const law = a.littlesLaw;
    return {
      header: ['days', 'average WIP', 'throughput per day', 'average cycle time (days)', 'throughput × cycle time'],
      rows: [
        [
          round2(law.days),
          round2(law.averageWip),
          round2(law.throughputPerDay),
          law.averageCycleTimeDays === null ? '' : round2(law.averageCycleTimeDays),
          law.predictedWip === null ? '' : round2(law.predictedWip),
        ],
      ],
    };
  },
};
