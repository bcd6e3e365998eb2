import type { Analytics } from '@obeya/metrics';
import type { ChartOption } from './echarts.ts';

export const DAY_MS = 86_400_000;

/** Colours and type size of a chart: the page's light palette, or a wall screen's. */
export interface ChartStyle {
  font: number;
  ink: string;
  soft: string;
  grid: string;
  /** Series colours, in order; CFD bands take one per column. */
  series: readonly string[];
  /** Percentile lines and bands, from comfortable to late. */
  p50: string;
  p70: string;
  p85: string;
  p95: string;
  working: string;
  waiting: string;
}

// Colour-blind-safe series (Okabe–Ito order), readable on white and on a dark wall.
const SERIES = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#999999', '#000000'];

export const PAGE_STYLE: ChartStyle = {
  font: 13,
  ink: '#1b1f24',
  soft: '#57606a',
  grid: '#e1e5ea',
  series: SERIES,
  p50: '#137333',
  p70: '#7a8b00',
  p85: '#b36200',
  p95: '#b42318',
  working: '#0072b2',
  waiting: '#e69f00',
};

/** Days, for axes: one decimal is as precise as a team reads cycle times. */
export const days = (ms: number): number => Math.round((ms / DAY_MS) * 10) / 10;

/** "6.2 d", the way the charts label durations. */
export const dayText = (ms: number): string => `${days(ms).toFixed(1)} d`;

/** "42 %". */
export const percentText = (share: number): string => `${Math.round(share * 100)} %`;

/** What every chart shares: no animation (a wall redraws unattended), type and grid from the style. */
export function baseOption(style: ChartStyle, description: string): ChartOption {
  return {
    animation: false,
    color: [...style.series],
    textStyle: { fontFamily: 'system-ui, sans-serif', fontSize: style.font, color: style.ink },
    grid: { left: 12, right: 24, top: 40, bottom: 12 },
    tooltip: { confine: true, textStyle: { fontSize: style.font } },
    // The description is what a screen reader hears for the chart's image.
    aria: { enabled: true, label: { description } },
  };
}

/** A value axis with a name over it, in the style's colours. */
export function valueAxis(style: ChartStyle, name: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'value' as const,
    name,
    nameTextStyle: { color: style.soft, fontSize: style.font, align: 'left' as const },
    axisLabel: { color: style.soft, fontSize: style.font },
    splitLine: { lineStyle: { color: style.grid } },
    ...extra,
  };
}

/** A category axis (days, weeks, columns) in the style's colours. */
export function categoryAxis(style: ChartStyle, data: readonly string[], extra: Record<string, unknown> = {}) {
  return {
    type: 'category' as const,
    data: [...data],
    axisLabel: { color: style.soft, fontSize: style.font },
    axisLine: { lineStyle: { color: style.soft } },
    ...extra,
  };
}

/**
 * A dashed horizontal line across a chart, labelled at its right end ("P85 · 6.2 d"), or at its
 * left end (`at: 'start'`) where a neighbouring line's label would otherwise cover it.
 */
export function levelLine(value: number, label: string, color: string, at: 'start' | 'end' = 'end') {
  const position = at === 'start' ? ('insideStartTop' as const) : ('insideEndTop' as const);
  return {
    yAxis: value,
    label: { formatter: label, color, position, fontWeight: 'bold' as const },
    lineStyle: { color, type: 'dashed' as const, width: 2 },
  };
}

/** Column names by id, from the report's workflow. */
export function columnNames(analytics: Analytics): Map<string, string> {
  return new Map(analytics.workflow.columns.map((c) => [c.id, c.name]));
}

/** The columns work is in progress in: from the commitment point up to, not including, the delivery point. */
export function startedColumns(analytics: Analytics): Analytics['workflow']['columns'] {
  const { columns, start, finish } = analytics.workflow;
  const s = columns.findIndex((c) => c.id === start);
  const f = columns.findIndex((c) => c.id === finish);
  return columns.slice(Math.max(0, s), f < 0 ? columns.length : f);
}

/** The mean of some numbers; null for none. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The data index a tooltip is about: ECharts passes one entry per series for an axis, all at that index. */
function tooltipIndex(params: unknown): number {
  const first: unknown = Array.isArray(params) ? params[0] : params;
  return (first as { dataIndex?: number } | undefined)?.dataIndex ?? 0;
}

/**
 * A tooltip saying, in HTML, what the hovered data stands for: `items[dataIndex]` of the point
 * (`item`) or of the day or bar under the pointer (`axis`, shaded with `shade`). People's text in
 * it must go through `escapeHtml`.
 */
export function dataTooltip<T>(
  trigger: 'axis' | 'item',
  items: readonly T[],
  html: (item: T) => string,
  shade = false,
) {
  return {
    trigger,
    confine: true,
    ...(shade && { axisPointer: { type: 'shadow' as const } }),
    formatter: (params: unknown): string => {
      const item = items[tooltipIndex(params)];
      return item === undefined ? '' : html(item);
    },
  };
}
