import type { Analytics } from '@obeya/metrics';
import { escapeHtml } from './echarts.ts';
import type { ChartSpec } from './spec.ts';
import {
  baseOption,
  categoryAxis,
  dayText,
  days,
  levelLine,
  startedColumns,
  valueAxis,
  type ChartStyle,
  dataTooltip,
} from './style.ts';

/** From this share of the SLE on, a card is close to it (the board's amber). */
const NEAR_SLE = 0.7;

type AgeingCard = Analytics['ageing']['cards'][number];

/** The cards in progress with their place across the chart: each column's cards spread out so none hides another. */
function placed(a: Analytics): { card: AgeingCard; x: number }[] {
  const columns = startedColumns(a).map((c) => c.id);
  const out: { card: AgeingCard; x: number }[] = [];
  columns.forEach((id, index) => {
    const cards = a.ageing.cards.filter((c) => c.column === id).sort((p, q) => q.ageMs - p.ageMs);
    cards.forEach((card, k) => {
      const spread = cards.length === 1 ? 0 : (k / (cards.length - 1) - 0.5) * 0.6;
      out.push({ card, x: index + spread });
    });
  });
  return out;
}

function colourOf(card: AgeingCard, sleMs: number | null, style: ChartStyle): string {
  if (sleMs === null) return style.series[0]!;
  if (card.ageMs > sleMs) return style.p95;
  return card.ageMs >= NEAR_SLE * sleMs ? style.p85 : style.p50;
}

function summary(a: Analytics): string {
  const sle = a.ageing.sle.cycleTimeMs;
  const count = a.ageing.cards.length;
  if (sle === null)
    return `${count} cards in progress; no SLE yet (nothing finished in the last ${a.ageing.sle.windowDays} days).`;
  const past = a.ageing.cards.filter((c) => c.ageMs > sle).length;
  return `${count} cards in progress, ${past} older than the SLE of ${dayText(sle)}.`;
}

export const ageingChart: ChartSpec = {
  id: 'ageing',
  title: 'Ageing work in progress',
  explain:
    'Each dot is a card in progress, in its column, as high as it is old (days since it was started). ' +
    'The shaded bands show how long finished cards took: most finished below the P50 band edge, 85 % below P85. ' +
    'A dot above the SLE line is older than most work ever gets: swarm on it before it ages further. Diamonds are blocked.',
  summary,
  option(a, _view, style) {
    const columns = startedColumns(a);
    const points = placed(a);
    const { bands, sle } = a.ageing;
    const sleMs = sle.cycleTimeMs;
    // A band from one percentile of recent cycle times to the next, named at its right edge.
    const band = (name: string, from: number | null, to: number | null, color: string) =>
      from === null || to === null
        ? []
        : [
            [
              {
                name,
                yAxis: days(from),
                itemStyle: { color, opacity: 0.12 },
                label: { color: style.soft, position: 'insideRight', fontSize: style.font - 2 },
              },
              { yAxis: days(to) },
            ],
          ];
    return {
      ...baseOption(style, `Age of ${points.length} cards in progress by column. ${summary(a)}`),
      tooltip: dataTooltip('item', points, ({ card }) => {
        const blocked = card.blocked ? '<br>Blocked' : '';
        return `<strong>${escapeHtml(card.title)}</strong><br>In progress for ${dayText(card.ageMs)}${blocked}`;
      }),
      xAxis: categoryAxis(
        style,
        columns.map((c) => c.name),
        { axisTick: { show: false }, splitLine: { show: true, lineStyle: { color: style.grid } } },
      ),
      // Tall enough for the bands and the SLE even when every card is young.
      yAxis: valueAxis(style, 'Days since started', {
        min: 0,
        max: (extent: { max: number }) =>
          Math.ceil(Math.max(extent.max, days(bands.p95 ?? 0), days(sleMs ?? 0)) * 1.05),
      }),
      series: [
        {
          // An invisible point as high as the top band: the axis keeps its round steps and still
          // shows the bands and the SLE when every card is young.
          type: 'scatter',
          name: 'Scale',
          silent: true,
          tooltip: { show: false },
          itemStyle: { opacity: 0 },
          data: [[0, Math.max(days(bands.p95 ?? 0), days(sleMs ?? 0)) * 1.05]],
        },
        {
          type: 'scatter',
          name: 'Cards in progress',
          symbolSize: 12,
          data: points.map(({ card, x }) => ({
            value: [x, days(card.ageMs)],
            symbol: card.blocked ? 'diamond' : 'circle',
            itemStyle: { color: colourOf(card, sleMs, style) },
          })),
          markArea: {
            silent: true,
            data: [
              ...band('to P50', 0, bands.p50, style.p50),
              ...band('P50–P70', bands.p50, bands.p70, style.p70),
              ...band('P70–P85', bands.p70, bands.p85, style.p85),
              ...band('P85–P95', bands.p85, bands.p95, style.p95),
            ] as never,
          },
          markLine: {
            symbol: 'none',
            silent: true,
            data: sleMs === null ? [] : [levelLine(days(sleMs), `SLE ${sle.percent} % · ${dayText(sleMs)}`, style.p95)],
          },
        },
      ],
    };
  },
  table(a) {
    const names = new Map(a.workflow.columns.map((c) => [c.id, c.name]));
    return {
      header: ['card', 'title', 'column', 'age (days)', 'blocked'],
      rows: [...a.ageing.cards]
        .sort((p, q) => q.ageMs - p.ageMs)
        .map((c) => [c.id, c.title, names.get(c.column) ?? c.column, days(c.ageMs), c.blocked ? 'yes' : 'no']),
    };
  },
  cardAt: (a, dataIndex) => placed(a)[dataIndex]?.card.id ?? null,
};
