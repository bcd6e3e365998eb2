import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, column } from './board-page.ts';
import { demoBoard } from './demo-board.ts';
import { ProductServer, launchBrowser, shot } from './harness.ts';
import { person, tokenApi, type BearerApi } from './people.ts';

interface StoredBoard {
  columns: Array<{ id: string; name: string }>;
  cards: Array<{ id: string; title: string; columnId: string }>;
}

/** The TV the wall screen runs on. */
const TV = { width: 1920, height: 1080 } as const;
const builtWebApp = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Set on a page once it is open; gone if the page was ever reloaded. */
const MARK = '__openedOnce';
const isSamePage = (page: Page) => page.evaluate((mark) => (window as never)[mark] === true, MARK);

/**
 * The wall screen as a team meets it: a TV in the team area showing one board, left alone for
 * weeks. Nobody signs in, nobody clicks, and it must keep up through a server restart and a new
 * deployment by itself. The tests follow on from each other on one board.
 */
describe('the wall screen in Chromium', () => {
  let server: ProductServer;
  let browser: Browser;
  /** The web app as "deployed" for this server, so a test can deploy a new build. */
  let webDist: string;
  let boardId: string;
  /** Ann, the board's admin; Mia, a member working the board from a script. */
  let ann: BearerApi;
  let mia: BearerApi;
  let wallUrl: string;

  beforeAll(async () => {
    webDist = await mkdtemp(path.join(tmpdir(), 'obeya-wall-web-'));
    await cp(builtWebApp, webDist, { recursive: true });
    server = await ProductServer.start({ WEB_DIST: webDist });
    browser = await launchBrowser();
    const demo = await demoBoard(browser, server.url, { mia: person('Mia Member') });
    ({ boardId, api: ann } = demo);
    const miaPage = await demo.members.mia.newPage();
    await miaPage.goto(server.url);
    mia = await tokenApi(miaPage, server.url);
    const created = await ann<{ url: string }>('POST', `/api/boards/${boardId}/wall-tokens`, { name: 'Team TV' });
    expect(created.status).toBe(201);
    wallUrl = `${server.url}${created.body.url}`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDist) await rm(webDist, { recursive: true, force: true });
  });

  async function storedBoard(): Promise<StoredBoard> {
    return (await ann<{ board: StoredBoard }>('GET', `/api/boards/${boardId}`)).body.board;
  }

  /** Mia moves a card through the REST API, as a script or another screen would. */
  async function move(title: string, to: string): Promise<void> {
    const board = await storedBoard();
    const cardId = board.cards.find((c) => c.title === title)!.id;
    const toColumnId = board.columns.find((c) => c.name === to)!.id;
    const res = await mia('POST', `/api/cards/${cardId}/move`, { toColumnId });
    expect(res.status).toBe(200);
  }

  /** A wall page on a TV-sized browser of its own, with no account, live and marked. */
  async function openWall(query: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: TV })).newPage();
    await page.goto(`${wallUrl}${query}`);
    await page.getByText('Live', { exact: true }).waitFor();
    await page.evaluate((mark) => ((window as never as Record<string, boolean>)[mark] = true), MARK);
    return page;
  }

  it('shows the board without a login, every column on the screen, in type readable from across the room', async () => {
    const wall = await openWall('?view=board');
    await wall.getByRole('heading', { name: 'Team board' }).waitFor();
    await card(column(wall, 'Backlog'), 'Dark mode for the wall screen').waitFor();
    await expect(wall.getByRole('button').count()).resolves.toBe(0); // nothing to press, nowhere to go
    await expect(wall.getByRole('textbox').count()).resolves.toBe(0);

    const fit = await wall.evaluate(() => {
      const scroller = document.querySelector('.scroller')!;
      const columns = Array.from(document.querySelectorAll('section[data-column-id]'), (c) =>
        c.getBoundingClientRect(),
      );
      const title = getComputedStyle(document.querySelector('li[data-card-id] .title')!);
      return {
        horizontalScroll: scroller.scrollWidth > scroller.clientWidth || document.body.scrollWidth > innerWidth,
        rightmost: Math.max(...columns.map((c) => c.right)),
        titlePx: parseFloat(title.fontSize),
      };
    });
    expect(fit.horizontalScroll).toBe(false);
    expect(fit.rightmost).toBeLessThanOrEqual(TV.width);
    // About 17 mm tall on a 55-inch 1080p TV: read at three metres without squinting.
    expect(fit.titlePx).toBeGreaterThanOrEqual(26);
    await shot(wall, 'wall-board');

    const light = await openWall('?view=board&theme=light');
    await shot(light, 'wall-board-light');
    await light.context().close();
    await wall.context().close();
  });

  it('highlights a card that changed column while the screen watched', async () => {
    const wall = await openWall('?view=board');
    await move('Export invoices as CSV', 'Ready');
    const moved = card(column(wall, 'Ready'), 'Export invoices as CSV');
    await expect.poll(() => moved.getAttribute('data-moved')).toBe('Just moved · from Backlog');
    // Cards nobody moved stay as they were.
    await expect(wall.locator('li[data-moved]').count()).resolves.toBe(1);
    await shot(wall, 'wall-board-moved');
    expect(await isSamePage(wall)).toBe(true);
    await wall.context().close();
  });

  it('shows a card a member blocks on the board and in the blocked view, without a reload', async () => {
    const board = await openWall('?view=board');
    const blocked = await openWall('?view=blocked');
    await blocked.getByText('Nothing is blocked').waitFor();

    const cardId = (await storedBoard()).cards.find((c) => c.title === 'Swimlane for expedited work')!.id;
    const res = await mia('POST', `/api/cards/${cardId}/block`, {
      reason: 'Waiting for the security review',
      waste: 'waiting',
    });
    expect(res.status).toBe(200);

    await card(column(board, 'Doing'), 'Swimlane for expedited work')
      .filter({ hasText: 'Waiting for the security review' })
      .waitFor({ timeout: 10_000 });
    const row = blocked.getByRole('list', { name: 'Blocked cards' }).getByRole('listitem');
    await row.filter({ hasText: 'Swimlane for expedited work' }).waitFor({ timeout: 10_000 });
    await expect(row.first().textContent()).resolves.toContain('Waiting for the security review');
    expect(await isSamePage(board)).toBe(true);
    expect(await isSamePage(blocked)).toBe(true);
    await shot(board, 'wall-board-blocked-card');
    await shot(blocked, 'wall-blocked');
    await board.context().close();
    await blocked.context().close();
  });

  it('shows the key figures: WIP against limits, this week’s throughput, cycle time and the oldest item', async () => {
    await move('Board list with search', 'Review'); // finishes again later: one more through the system
    await move('Board list with search', 'Done');
    const wall = await openWall('?view=figures');
    const tile = (label: string) => wall.locator('.tile', { has: wall.getByRole('heading', { name: label }) });
    await expect.poll(() => tile('Work in progress').locator('.value').textContent()).toBe('7');
    await expect.poll(() => tile('Finished this week').locator('.value').textContent()).not.toBe('–');
    await wall.getByRole('heading', { name: 'WIP against limits' }).waitFor();
    await wall.getByText('Doing is at its limit: 3 of 3').waitFor({ state: 'attached' });
    await wall.getByText(/^Figures as of \d\d:\d\d$/).waitFor();
    await shot(wall, 'wall-figures');
    await wall.context().close();
  });

  it('rotates between the board, the blocked work and the figures', async () => {
    const wall = await openWall('?rotate=5');
    await wall.getByRole('region', { name: 'Doing', exact: true }).waitFor();
    await wall.getByRole('heading', { name: 'Blocked work' }).waitFor({ timeout: 10_000 });
    await wall.getByRole('heading', { name: 'Key figures' }).waitFor({ timeout: 10_000 });
    await wall.getByRole('region', { name: 'Doing', exact: true }).waitFor({ timeout: 10_000 });
    expect(await isSamePage(wall)).toBe(true);
    await wall.context().close();
  });

  it('says its data is stale while the server is down, and catches up by itself when it is back', async () => {
    const wall = await openWall('?view=board');
    const banner = wall.getByRole('alert').filter({ hasText: 'Data stale since' });

    const killedAt = Date.now();
    await server.kill();
    await banner.waitFor({ timeout: 10_000 });
    const staleAfterMs = Date.now() - killedAt;
    await expect(banner.textContent()).resolves.toMatch(/Data stale since \d\d:\d\d/);
    await shot(wall, 'wall-stale');

    const launchedAt = Date.now();
    await server.launch();
    const upAfterMs = Date.now() - launchedAt;
    await wall.getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });
    const liveAfterMs = Date.now() - launchedAt;
    await banner.waitFor({ state: 'detached' });

    // A change made after the restart reaches the screen: it resynced, not just reconnected.
    await move('Keyboard shortcuts help page', 'Done');
    await card(column(wall, 'Done'), 'Keyboard shortcuts help page').waitFor({ timeout: 10_000 });
    expect(await isSamePage(wall)).toBe(true);
    console.info(
      `wall: stale banner ${staleAfterMs} ms after the kill; server up ${upAfterMs} ms after launch, wall live ${liveAfterMs} ms after launch`,
    );
    await wall.context().close();
  });

  it('loads the new build by itself when one is deployed', async () => {
    const wall = await openWall('?view=board');
    await server.kill();
    // A deployment: the served index.html (which names the bundles) changes.
    await appendFile(path.join(webDist, 'index.html'), '\n<!-- deployed again -->\n');
    await server.launch();
    await wall.waitForFunction((mark) => (window as never as Record<string, unknown>)[mark] === undefined, MARK, {
      timeout: 20_000,
    });
    await wall.getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });
    await card(column(wall, 'Done'), 'Keyboard shortcuts help page').waitFor();
    await wall.context().close();
  });
});
