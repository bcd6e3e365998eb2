/**
 * How long the analytics page takes to draw every chart for a board with a year of history
 * (about 5 000 finished cards), in Chromium, on the embedded database. Prints figures; asserts
 * nothing (these machines are shared and noisy: read the figures, compare runs).
 *
 *   pnpm bench:analytics            (RUNS=7 by default)
 */
import type { Analytics } from '@obeya/metrics';
import type { Page } from 'playwright-core';
import { demoBoard } from '../test/demo-board.ts';
import { ProductServer, launchBrowser } from '../test/harness.ts';
import { DESKTOP } from '../test/people.ts';

const RUNS = Number(process.env.RUNS ?? 7);
const CHARTS = 10;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (n: number): string => `${Math.round(n)} ms`;

interface PageTiming {
  /** From the navigation's start until every chart has been drawn once. */
  drawn: number;
  /** Until the analytics answer had arrived (the rest is building and drawing the charts). */
  data: number;
  /** Until the analytics page's script (the charting library) had arrived. */
  script: number;
}

async function timeToCharts(page: Page, url: string): Promise<PageTiming> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (n) => (document.querySelectorAll('[data-drawn]').length >= n ? performance.now() : false),
    CHARTS,
    { timeout: 60_000, polling: 'raf' },
  );
  const drawn = (await handle.jsonValue()) as number;
  const ends = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => ({ name: e.name, end: (e as PerformanceResourceTiming).responseEnd })),
  );
  const end = (pattern: RegExp) => Math.max(0, ...ends.filter((e) => pattern.test(e.name)).map((e) => e.end));
  return { drawn, data: end(/\/analytics\?/), script: end(/AnalyticsPage-.*\.js$/) };
}

const started = performance.now();
const server = await ProductServer.start({ DEMO_HISTORY_DAYS: '365', DEMO_HISTORY_PACE: '14' });
const seeded = performance.now() - started;
const browser = await launchBrowser();
try {
  const { boardId, api, ann } = await demoBoard(browser, server.url, {});
  const year = (await api<Analytics>('GET', `/api/boards/${boardId}/analytics?days=365`)).body;
  console.log(`Board with a year of history: ${year.cycleTime.cards.length} cards finished in the last 365 days.`);
  console.log(`Server start with seeding: ${ms(seeded)} (PGlite).`);

  for (const days of [90, 365]) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const { body } = await api<Analytics>('GET', `/api/boards/${boardId}/analytics?days=${days}`);
      bytes = JSON.stringify(body).length;
      times.push(performance.now() - t0);
    }
    console.log(
      `GET /analytics?days=${days}: median ${ms(median(times))}, min ${ms(Math.min(...times))}, ${Math.round(bytes / 1024)} KB`,
    );
  }

  for (const days of [90, 365]) {
    const url = `${server.url}/boards/${boardId}/analytics?days=${days}`;
    const cold: PageTiming[] = [];
    const warm: PageTiming[] = [];
    for (let i = 0; i < RUNS; i++) {
      // A new browser context has an empty cache: the page's scripts are fetched as on a first visit.
      const context = await browser.newContext({ storageState: ann, viewport: DESKTOP });
      const page = await context.newPage();
      cold.push(await timeToCharts(page, url));
      warm.push(await timeToCharts(page, url));
      await context.close();
    }
    for (const [name, runs] of [
      ['first visit', cold],
      ['cached', warm],
    ] as const) {
      const at = (key: keyof PageTiming) => ms(median(runs.map((r) => r[key])));
      console.log(
        `Analytics page, last ${days} days, ${name} (median of ${RUNS}): all ${CHARTS} charts drawn at ${at('drawn')} ` +
          `(min ${ms(Math.min(...runs.map((r) => r.drawn)))}); chart script in at ${at('script')}, data in at ${at('data')}`,
      );
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
