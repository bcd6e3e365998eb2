import type { Analytics } from '@obeya/metrics';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, column } from './board-page.ts';
import { demoBoard, type StorageState } from './demo-board.ts';
import { readFile } from 'node:fs/promises';
import { ProductServer, launchBrowser, shot, shotOf } from './harness.ts';
import { DESKTOP, person, type BearerApi } from './people.ts';

const DAY = 86_400_000;
const CHART_IDS = [
  'cycle-time',
  'throughput',
  'wip',
  'cfd',
  'ageing',
  'efficiency',
  'value-stream',
  'blockers',
  'forecast',
  'littles-law',
];

interface StoredBoard {
  columns: Array<{ id: string; name: string; rank: string }>;
  cards: Array<{ id: string; title: string; columnId: string }>;
  finishColumnId: string | null;
}

const panel = (page: Page, id: string): Locator => page.locator(`[data-chart="${id}"]`);

/** Waits until every chart on the page has been drawn at least once. */
async function chartsDrawn(page: Page): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-drawn]').length >= n, CHART_IDS.length, {
    timeout: 30_000,
  });
}

/**
 * The analytics page of a board with a year of simulated history, as Ann (the board's admin) and
 * Bob (a member moving cards in another browser) meet it.
 */
describe('flow analytics in Chromium', () => {
  let server: ProductServer;
  let browser: Browser;
  let boardId: string;
  let api: BearerApi;
  let ann: StorageState;
  let page: Page;
  let bob: Page;

  beforeAll(async () => {
    server = await ProductServer.start({ DEMO_HISTORY_DAYS: '365', DEMO_HISTORY_PACE: '3' });
    browser = await launchBrowser();
    const demo = await demoBoard(browser, server.url, { bob: person('Bob Member') });
    ({ boardId, api, ann } = demo);
    page = await (await browser.newContext({ storageState: ann, viewport: DESKTOP })).newPage();
    await page.goto(`${server.url}/boards/${boardId}`);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await chartsDrawn(page);
    bob = await demo.members.bob.newPage();
    await bob.goto(`${server.url}/boards/${boardId}`);
    await bob.getByText('Live', { exact: true }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function analytics(query = 'days=90'): Promise<Analytics> {
    return (await api<Analytics>('GET', `/api/boards/${boardId}/analytics?${query}`)).body;
  }

  it('draws every chart of the seeded history, each with its explanation, and shows the known values', async () => {
    await page.getByRole('heading', { name: 'Flow analytics: Team board' }).waitFor();
    for (const id of CHART_IDS) {
      const chart = panel(page, id);
      await expect(chart.locator('svg').count(), id).resolves.toBe(1);
      await chart.scrollIntoViewIfNeeded();
      await shotOf(chart, `analytics-${id}`);
    }
    await shot(page, 'analytics-page');
    const known = await analytics();
    expect(known.cycleTime.cards.length).toBeGreaterThan(50);
    // The P85 line is labelled with the metrics' own 85th percentile.
    const p85 = `P85 · ${(Math.round((known.cycleTime.lines.p85! / DAY) * 10) / 10).toFixed(1)} d`;
    await panel(page, 'cycle-time').getByText(p85).waitFor();
    // The CFD's data, shown as a table, has the metrics' cards per column on a given day.
    await panel(page, 'cfd').getByRole('button', { name: 'Show the data' }).click();
    const day = known.cfd[40]!;
    const row = panel(page, 'cfd').getByRole('row', { name: new RegExp(`^${day.date}`) });
    const cells = await row.getByRole('cell').allInnerTexts();
    const ids = known.workflow.columns.map((c) => c.id);
    const bands = ids.map((id, i) => (day.counts[id] ?? 0) - (i + 1 < ids.length ? (day.counts[ids[i + 1]!] ?? 0) : 0));
    expect(cells.slice(1).map(Number)).toEqual(bands);
    // Blockers with reasons, and the Pareto's largest first.
    const top = known.blockers.byReason[0]!;
    await panel(page, 'blockers').getByText(top.reason, { exact: false }).first().waitFor();
  });

  it('follows the board live: a card finished in another browser shows in the charts without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { marker: boolean }).marker = true));
    const board = (await api<{ board: StoredBoard }>('GET', `/api/boards/${boardId}`)).body.board;
    const columns = [...board.columns].sort((a, b) => (a.rank < b.rank ? -1 : 1));
    const finish = columns.findIndex((c) => c.id === board.finishColumnId);
    const last = columns[finish - 1]!;
    const started = columns.slice(0, finish).map((c) => c.id);
    let moving = board.cards.find((c) => c.columnId === last.id);
    if (!moving) {
      // Nothing waits just before Done today: put a card in progress there first (a soft limit wants a reason).
      moving = board.cards.find((c) => started.includes(c.columnId) && c.columnId !== columns[0]!.id)!;
      const moved = await api('POST', `/api/cards/${moving.id}/move`, { toColumnId: last.id, reason: 'Ready to ship' });
      expect(moved.status).toBe(200);
      await card(column(bob, last.name), moving.title).waitFor();
    }
    await chartsDrawn(page);
    const before = await analytics();
    const finishedBefore = before.throughput.daily.reduce((n, d) => n + d.count, 0);
    const summary = panel(page, 'throughput').locator('.summary');
    await expect(summary.innerText()).resolves.toContain(`${finishedBefore} cards finished`);

    await card(column(bob, last.name), moving.title).focus();
    await bob.keyboard.press('Shift+ArrowRight');
    await card(column(bob, columns[finish]!.name), moving.title).waitFor();

    await summary.getByText(`${finishedBefore + 1} cards finished`).waitFor({ timeout: 15_000 });
    const wipNow = before.ageing.cards.length - 1;
    await panel(page, 'wip').getByText(`${wipNow} in progress now`).waitFor();
    await expect(page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).resolves.toBe(true);
  });

  it("exports a chart's data as CSV", async () => {
    const download = page.waitForEvent('download');
    await panel(page, 'throughput').getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^throughput-daily-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile(await file.path(), 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('date,finished');
    expect(lines).toHaveLength(91);
  });

  it('opens the card a dot stands for on the board', async () => {
    const ageing = panel(page, 'ageing');
    await ageing.getByRole('button', { name: 'Show the data' }).click();
    const first = ageing.getByRole('row').nth(1);
    const title = (await first.getByRole('cell').nth(1).innerText()).trim();
    await first.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL(/\/boards\/[^/]+\?card=/);
    const opened = card(page, title);
    await opened.waitFor();
    await expect(opened.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.goBack();
    await chartsDrawn(page);
  });

  it('applies the workflow settings to every chart: a new SLE percentile moves the SLE line', async () => {
    await page.getByRole('button', { name: 'Workflow settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Workflow settings' });
    await dialog.getByLabel(/percentile/i).fill('50');
    await dialog.getByRole('button', { name: /save/i }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('SLE: the 50th percentile').waitFor({ timeout: 15_000 });
    await panel(page, 'ageing')
      .getByText(/^SLE 50 % · /)
      .waitFor();
    const known = await analytics();
    expect(known.ageing.sle.percent).toBe(50);
  });

  it('changes the period from the picker and keeps it in the address', async () => {
    await page.getByLabel('Period', { exact: true }).selectOption('30');
    await page.waitForURL(/days=30/);
    await panel(page, 'throughput')
      .getByText(/cards finished/)
      .waitFor();
    const known = await analytics('days=30');
    const total = known.throughput.daily.reduce((n, d) => n + d.count, 0);
    await panel(page, 'throughput').getByText(`${total} cards finished`).waitFor({ timeout: 15_000 });
    await shot(page, 'analytics-30-days');
  });
});
