import type { Analytics } from '@obeya/metrics';
import type { ChartOption } from './echarts.ts';
import type { ChartStyle } from './style.ts';

/** A chart's data as rows: the CSV export and the screen-reader table are both made from it. */
export interface Table {
  header: string[];
  rows: Array<Array<string | number>>;
}

/** One way of looking at a chart's data ("Daily", "Weekly"). */
export interface ChartView {
  id: string;
  label: string;
}

/** Everything the analytics page needs to show one chart. */
export interface ChartSpec {
  /** Stable: the CSV file name, the element id and the tests use it. */
  id: string;
  title: string;
  /** How to read it, in plain words. */
  explain: string;
  /** Alternative views; the first is the default. */
  views?: readonly ChartView[];
  /** The figure that matters, in one line. */
  summary(analytics: Analytics): string;
  option(analytics: Analytics, view: string, style: ChartStyle): ChartOption;
  table(analytics: Analytics, view: string): Table;
  /** The card a clicked point stands for, when points are cards. */
  cardAt?(analytics: Analytics, dataIndex: number): string | null;
}
