import type { Analytics } from '@obeya/metrics';
import { wasteLabel } from '../wastes.ts';
import { escapeHtml } from './echarts.ts';
import type { ChartSpec } from './spec.ts';
import { baseOption, categoryAxis, dayText, days, percentText, valueAxis, dataTooltip } from './style.ts';

/** More bars than this and the names no longer fit: the rest are summed into one. */
const MAX_BARS = 10;

interface Bar {
  label: string;
  detail: string;
  count: number;
  ms: number;
  cumulativeShare: number;
}

const VIEWS = [
  { id: 'reason', label: 'By reason' },
  { id: 'waste', label: 'By waste' },
] as const;

/** The bars of a view, the largest first, with the running share of all blocked time. */
function bars(a: Analytics, view: string): Bar[] {
  const all: Bar[] =
    view === 'waste'
      ? a.blockers.byWaste.map((w) => ({ ...w, label: wasteLabel(w.waste), detail: '' }))
      : a.blockers.byReason.map((r) => ({ ...r, label: r.reason, detail: wasteLabel(r.waste) }));
  if (all.length <= MAX_BARS) return all;
  const rest = all.slice(MAX_BARS - 1);
  const other: Bar = {
    label: `${rest.length} other`,
    detail: '',
    count: rest.reduce((n, b) => n + b.count, 0),
    ms: rest.reduce((n, b) => n + b.ms, 0),
    cumulativeShare: 1,
  };
  return [...all.slice(0, MAX_BARS - 1), other];
}

function summary(a: Analytics): string {
  const top = a.blockers.byReason[0];
  const total = a.blockers.byReason.reduce((n, b) => n + b.ms, 0);
  if (!top || total === 0) return 'Nothing was blocked in this period.';
  return `${dayText(total)} blocked in all; "${top.reason}" alone cost ${dayText(top.ms)} (${percentText(top.ms / total)}).`;
}

export const blockersChart: ChartSpec = {
  id: 'blockers',
  title: 'Blockers',
  explain:
    'Blocked time of cards in progress, by the reason people gave or by the kind of waste, the largest first. ' +
    'The line adds them up (scale on top): the bars above the point where it passes 80 % are the few causes behind most of the blocked time. Fix those first.',
  views: VIEWS,
  summary,
  option(a, view, style) {
    const shown = bars(a, view);
    return {
      ...baseOption(style, `Blocked time ${view === 'waste' ? 'by waste' : 'by reason'}. ${summary(a)}`),
      grid: { left: 12, right: 24, top: 56, bottom: 40 },
      tooltip: dataTooltip(
        'axis',
        shown,
        (bar) => {
          const detail = bar.detail ? ` (${escapeHtml(bar.detail)})` : '';
          return `<strong>${escapeHtml(bar.label)}</strong>${detail}<br>${dayText(bar.ms)} blocked, ${bar.count} times<br>${percentText(bar.cumulativeShare)} of all blocked time with the bars before it`;
        },
        true,
      ),
      // Bars lie down so that people's reasons can be read in full, the largest on top; the
      // running share is read against the axis along the top.
      yAxis: categoryAxis(
        style,
        shown.map((b) => b.label),
        { inverse: true, axisLabel: { color: style.ink, fontSize: style.font, width: 190, overflow: 'truncate' } },
      ),
      xAxis: [
        valueAxis(style, 'Days blocked', { min: 0, nameLocation: 'middle', nameGap: 28 }),
        valueAxis(style, 'Running share (%)', {
          min: 0,
          max: 100,
          position: 'top',
          splitLine: { show: false },
          nameLocation: 'middle',
          nameGap: 28,
        }),
      ],
      series: [
        {
          type: 'bar',
          name: 'Blocked days',
          data: shown.map((b) => days(b.ms)),
          itemStyle: { color: style.p95 },
          barMaxWidth: 28,
        },
        {
          type: 'line',
          name: 'Running share',
          xAxisIndex: 1,
          data: shown.map((b) => Math.round(b.cumulativeShare * 100)),
          symbolSize: 7,
          lineStyle: { color: style.ink, width: 2 },
          itemStyle: { color: style.ink },
        },
      ],
    };
  },
  table(a, view) {
    const rows =
      view === 'waste'
        ? a.blockers.byWaste.map((w) => [wasteLabel(w.waste), w.count, days(w.ms), percentText(w.cumulativeShare)])
        : a.blockers.byReason.map((r) => [
            r.reason,
            wasteLabel(r.waste),
            r.count,
            days(r.ms),
            percentText(r.cumulativeShare),
          ]);
    const header =
      view === 'waste'
        ? ['waste', 'times blocked', 'days blocked', 'running share']
        : ['reason', 'waste', 'times blocked', 'days blocked', 'running share'];
    return { header, rows };
  },
};
