import { computeAnalytics, computeReport, parseFlowLog, type Analytics, type FlowLog } from '@obeya/metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { toCsv } from '../csv.ts';
import { ageingChart } from './ageing.ts';
import { blockersChart } from './blockers.ts';
import { CHARTS } from './catalog.ts';
import { cfdBands, cfdChart } from './cfd.ts';
import { cycleTimeChart } from './cycle-time.ts';
import { init, type ChartOption, type EChartsType } from './echarts.ts';
import { forecastChart } from './forecast.ts';
import { littlesLawChart } from './littles-law.ts';
import { PAGE_STYLE } from './style.ts';
import { throughputChart } from './throughput.ts';

const DAY = 86_400_000;
const at = (iso: string, plusDays = 0) => new Date(Date.parse(iso) + plusDays * DAY).toISOString();

const WORKFLOW = {
  type: 'workflow',
  columns: [
    { id: 'backlog', name: 'Backlog', kind: 'queue' },
    { id: 'committed', name: 'Committed', kind: 'queue' },
    { id: 'build', name: 'Build', kind: 'active' },
    { id: 'test', name: 'Test', kind: 'active' },
    { id: 'done', name: 'Done', kind: 'queue' },
  ],
  start: 'committed',
  finish: 'done',
  timeZone: 'UTC',
};

/** A flow log as a board exports it, parsed by the same parser the server uses. */
function log(events: object[]): FlowLog {
  const parsed = parseFlowLog([WORKFLOW, ...events].map((line) => JSON.stringify(line)).join('\n'));
  if (!parsed.ok) throw new Error(`invalid test log: ${JSON.stringify(parsed.errors)}`);
  return parsed.log;
}

/** Twenty cards started on 1 March that took 1, 2, … 20 days: P50 10 d, P85 17 d, P95 19 d. */
function twentyCards(): object[] {
  return Array.from({ length: 20 }, (_, i) => [
    { type: 'created', card: `c${i + 1}`, at: '2026-03-01T09:00:00Z', column: 'build', title: `Card ${i + 1}` },
    { type: 'moved', card: `c${i + 1}`, at: at('2026-03-01T09:00:00Z', i + 1), to: 'done' },
  ]).flat();
}

const charts: EChartsType[] = [];
afterEach(() => {
  for (const chart of charts.splice(0)) chart.dispose();
});

/** Draws an option the way the browser does, to SVG, without a browser. */
function draw(option: ChartOption): { chart: EChartsType; svg: string } {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 400 });
  charts.push(chart);
  chart.setOption(option);
  return { chart, svg: chart.renderToSVGString() };
}

/** The y of the horizontal dashed lines drawn in `colour`. */
function dashedLinesY(svg: string, colour: string): number[] {
  const paths = svg.match(/<path [^>]*>/g) ?? [];
  return paths
    .filter((p) => p.includes(`stroke="${colour}"`) && p.includes('stroke-dasharray'))
    .map((p) => Number(/d="M[\d.]+ ([\d.]+)L/.exec(p)?.[1]));
}

/** The data of the series named `name` (or the first), as the chart will draw it. */
function seriesData<T>(option: ChartOption, name?: string): T[] {
  const series = option.series as Array<{ name?: string; data: T[] }>;
  return (name === undefined ? series[0] : series.find((s) => s.name === name))!.data;
}

/** The values of bars given as `{ value, itemStyle }`. */
const barValues = (option: ChartOption): number[] => seriesData<{ value: number }>(option).map((d) => d.value);

const textsOf = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('analytics charts', () => {
  const now = Date.parse('2026-04-01T12:00:00Z');

  it('cycle time: a dot per finished card, and the P85 line sits at the known 17 days', () => {
    const analytics = computeAnalytics(log(twentyCards()), { now });
    const option = cycleTimeChart.option(analytics, '', PAGE_STYLE);
    const { chart, svg } = draw(option);

    expect(textsOf(svg)).toEqual(expect.arrayContaining(['P50 · 10.0 d', 'P85 · 17.0 d', 'P95 · 19.0 d']));
    const [y85] = dashedLinesY(svg, PAGE_STYLE.p85);
    expect(y85).toBeCloseTo(chart.convertToPixel({ yAxisIndex: 0 }, 17) as number, -0.5);
    const [y50] = dashedLinesY(svg, PAGE_STYLE.p50);
    expect(y50).toBeCloseTo(chart.convertToPixel({ yAxisIndex: 0 }, 10) as number, -0.5);
    expect(cycleTimeChart.table(analytics, '').rows).toHaveLength(20);
    // The dot that took 17 days opens card 17.
    const index = analytics.cycleTime.cards.findIndex((c) => c.cycleTimeMs === 17 * DAY);
    expect(cycleTimeChart.cardAt?.(analytics, index)).toBe('c17');
    expect(cycleTimeChart.summary(analytics)).toBe('85 % of the 20 cards finished took 17.0 d or less.');
  });

  it("CFD: each column's area is the metrics package's cumulative count, and the bands are the cards in each column", () => {
    // The reference's four cards over six days: [1,0,0,0,0] … [4,3,1,1,1].
    const flow = log([
      { type: 'created', card: 'a', at: '2026-01-01T10:00:00Z', column: 'backlog' },
      { type: 'created', card: 'b', at: '2026-01-02T10:00:00Z', column: 'backlog' },
      { type: 'created', card: 'c', at: '2026-01-03T09:00:00Z', column: 'backlog' },
      { type: 'moved', card: 'a', at: '2026-01-03T10:00:00Z', to: 'committed' },
      { type: 'moved', card: 'b', at: '2026-01-03T11:00:00Z', to: 'committed' },
      { type: 'created', card: 'd', at: '2026-01-04T09:00:00Z', column: 'backlog' },
      { type: 'moved', card: 'c', at: '2026-01-04T10:00:00Z', to: 'committed' },
      { type: 'moved', card: 'a', at: '2026-01-04T11:00:00Z', to: 'build' },
      { type: 'moved', card: 'a', at: '2026-01-05T10:00:00Z', to: 'test' },
      { type: 'moved', card: 'a', at: '2026-01-06T10:00:00Z', to: 'done' },
    ]);
    const period = { now: Date.parse('2026-01-07T00:00:00Z'), from: '2026-01-01', to: '2026-01-06' };
    const analytics = computeAnalytics(flow, period);
    const report = computeReport(flow, period);
    const option = cfdChart.option(analytics, '', PAGE_STYLE);
    const series = option.series as Array<{ name: string; data: number[] }>;

    expect(series.map((s) => s.name)).toEqual(['Backlog', 'Committed', 'Build', 'Test', 'Done']);
    WORKFLOW.columns.forEach((column, i) => {
      expect(series[i]!.data).toEqual(report.cfd.map((d) => d.counts[column.id]));
    });
    expect(report.cfd.map((d) => WORKFLOW.columns.map((c) => d.counts[c.id]))).toEqual([
      [1, 0, 0, 0, 0],
      [2, 0, 0, 0, 0],
      [3, 2, 0, 0, 0],
      [4, 3, 1, 0, 0],
      [4, 3, 1, 1, 0],
      [4, 3, 1, 1, 1],
    ]);
    // On 4 January: one card in the backlog, two committed, one in build.
    expect(cfdBands(analytics)[3]).toEqual({ date: '2026-01-04', bands: [1, 2, 1, 0, 0] });
    expect(cfdChart.table(analytics, '').rows[3]).toEqual(['2026-01-04', 1, 2, 1, 0, 0]);
    const tooltip = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 3 }]);
    expect(tooltip).toContain('Committed: 2');
    expect(draw(option).svg).toContain('Committed');
  });

  it('throughput: daily bars, or weekly bars labelled by their Monday', () => {
    const analytics = computeAnalytics(log(twentyCards()), { now, from: '2026-03-02', to: '2026-03-22' });
    const weekly = throughputChart.option(analytics, 'weekly', PAGE_STYLE);
    const xAxis = weekly.xAxis as { data: string[] };
    expect(xAxis.data).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    // Cards finish on 2 … 21 March: seven in each of the first two weeks, six in the third.
    expect(seriesData(weekly)).toEqual([7, 7, 6]);
    expect(throughputChart.table(analytics, 'daily').rows).toHaveLength(21);
    expect(textsOf(draw(weekly).svg)).toContain('Average · 6.7');
  });

  it('ageing: cards in progress by column against the SLE line, older ones red, blocked ones diamonds', () => {
    const events = [
      ...twentyCards(),
      { type: 'created', card: 'old', at: '2026-03-05T09:00:00Z', column: 'build', title: 'Old one' },
      { type: 'created', card: 'new', at: '2026-03-31T09:00:00Z', column: 'test', title: 'New one' },
      { type: 'blocked', card: 'new', at: '2026-03-31T10:00:00Z', reason: 'waiting for vendor' },
    ];
    const analytics = computeAnalytics(log(events), { now });
    const option = ageingChart.option(analytics, '', PAGE_STYLE);
    const { svg } = draw(option);
    expect(textsOf(svg)).toContain('SLE 85 % · 17.0 d');
    expect((option.xAxis as { data: string[] }).data).toEqual(['Committed', 'Build', 'Test']);
    const points = seriesData<{ value: number[]; symbol: string; itemStyle: { color: string } }>(
      option,
      'Cards in progress',
    );
    const byId = new Map(points.map((p, i) => [ageingChart.cardAt?.(analytics, i), p]));
    expect(byId.get('old')).toMatchObject({ symbol: 'circle', itemStyle: { color: PAGE_STYLE.p95 } });
    expect(byId.get('old')!.value[1]).toBe(27.1);
    expect(byId.get('new')).toMatchObject({ symbol: 'diamond', itemStyle: { color: PAGE_STYLE.p50 } });
    expect(ageingChart.summary(analytics)).toBe('2 cards in progress, 1 older than the SLE of 17.0 d.');
  });

  it('blockers: a Pareto of blocked time, the largest cause first, with the running share', () => {
    // The reference: "content missing" 109 blocked days outweighs "waiting for backend" 87 days.
    const events = [
      { type: 'created', card: 'x', at: '2025-10-01T00:00:00Z', column: 'build' },
      { type: 'blocked', card: 'x', at: '2025-10-01T00:00:00Z', reason: 'waiting for backend' },
      { type: 'unblocked', card: 'x', at: at('2025-10-01T00:00:00Z', 87) },
      { type: 'created', card: 'y', at: '2025-10-01T00:00:00Z', column: 'build' },
      { type: 'blocked', card: 'y', at: '2025-10-01T00:00:00Z', reason: 'content missing', waste: 'defects' },
      { type: 'unblocked', card: 'y', at: at('2025-10-01T00:00:00Z', 109) },
    ];
    const analytics = computeAnalytics(log(events), { now, from: '2025-10-01', to: '2026-03-31' });
    const option = blockersChart.option(analytics, 'reason', PAGE_STYLE);
    expect((option.yAxis as { data: string[] }).data).toEqual(['content missing', 'waiting for backend']);
    expect(seriesData(option, 'Blocked days')).toEqual([109, 87]);
    expect(seriesData(option, 'Running share')).toEqual([56, 100]);
    expect(blockersChart.table(analytics, 'waste').rows).toEqual([
      ['Defects', 1, 109, '56 %'],
      ['Waiting', 1, 87, '100 %'],
    ]);
  });

  it('forecast: with one card finished every day, 20 items take 20 days at every confidence', () => {
    const events = Array.from({ length: 40 }, (_, i) => ({
      type: 'created',
      card: `d${i}`,
      at: at('2026-02-20T12:00:00Z', i),
      column: 'done',
    }));
    const analytics = computeAnalytics(log(events), { now, items: 20, by: '2026-04-15' });
    const option = forecastChart.option(analytics, 'when', PAGE_STYLE);
    expect(barValues(option)).toEqual([20, 20, 20, 20]);
    expect(textsOf(draw(option).svg)).toContain('2026-04-21');
    expect(forecastChart.table(analytics, 'how-many').rows).toEqual([
      [50, 14],
      [70, 14],
      [85, 14],
      [95, 14],
    ]);
  });

  it("Little's law: the reference's measured average WIP and throughput × cycle time, 1.34 each", () => {
    const events = [
      { type: 'created', card: 'A', at: '2026-01-01T09:00:00Z', column: 'committed' },
      { type: 'created', card: 'B', at: '2026-01-02T10:00:00Z', column: 'committed' },
      { type: 'created', card: 'C', at: '2026-01-02T12:00:00Z', column: 'committed' },
      { type: 'moved', card: 'B', at: '2026-01-02T15:00:00Z', to: 'done' },
      { type: 'moved', card: 'A', at: '2026-01-03T17:00:00Z', to: 'done' },
      { type: 'created', card: 'D', at: '2026-01-04T08:00:00Z', column: 'committed' },
      { type: 'moved', card: 'C', at: '2026-01-05T12:00:00Z', to: 'done' },
      { type: 'moved', card: 'D', at: '2026-01-06T20:00:00Z', to: 'done' },
    ];
    const analytics = computeAnalytics(log(events), {
      now: Date.parse('2026-01-07T00:00:00Z'),
      from: '2026-01-01',
      to: '2026-01-06',
    });
    const option = littlesLawChart.option(analytics, '', PAGE_STYLE);
    expect(barValues(option)).toEqual([1.34, 1.34]);
    expect(littlesLawChart.summary(analytics)).toContain('They agree');
  });

  it('every chart draws, says what it shows, and gives a table, for a busy board and for an empty one', () => {
    const busy = computeAnalytics(log(twentyCards()), { now });
    const empty = computeAnalytics(log([]), { now });
    for (const analytics of [busy, empty] as Analytics[]) {
      for (const spec of CHARTS) {
        for (const view of spec.views?.map((v) => v.id) ?? ['']) {
          const { svg } = draw(spec.option(analytics, view, PAGE_STYLE));
          expect(svg, spec.id).toContain('<svg');
          expect(spec.summary(analytics).length, spec.id).toBeGreaterThan(10);
          expect(spec.table(analytics, view).header.length, spec.id).toBeGreaterThan(1);
        }
      }
    }
  });

  it("tooltips escape card titles: a title is text, never the page's HTML", () => {
    const events = [
      {
        type: 'created',
        card: 'x',
        at: '2026-03-01T09:00:00Z',
        column: 'build',
        title: '<img src=x onerror=alert(1)>',
      },
      { type: 'moved', card: 'x', at: '2026-03-03T09:00:00Z', to: 'done' },
    ];
    const analytics = computeAnalytics(log(events), { now });
    const option = cycleTimeChart.option(analytics, '', PAGE_STYLE);
    const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter({ dataIndex: 0 });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });
});

describe('CSV export', () => {
  it('quotes what needs quoting and defuses text a spreadsheet would run as a formula', () => {
    expect(
      toCsv(
        ['title', 'days'],
        [
          ['Plain', 2],
          ['Comma, "quoted"', -1.5],
          ['=HYPERLINK("x")', 0],
        ],
      ),
    ).toBe('title,days\r\nPlain,2\r\n"Comma, ""quoted""",-1.5\r\n"\'=HYPERLINK(""x"")",0\r\n');
  });
});
