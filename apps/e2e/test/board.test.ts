import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, column, drag } from './board-page.ts';
import { demoBoard, type StorageState } from './demo-board.ts';
import { ProductServer, launchBrowser, shot } from './harness.ts';
import { DESKTOP, person, type BearerApi } from './people.ts';

describe('the board in Chromium', () => {
  let server: ProductServer;
  let browser: Browser;
  let boardId: string;
  let boardUrl: string;
  /** The first account of the fresh install: instance admin and admin of the demo board. */
  let ann: StorageState;
  /** A second account, added to the demo board as a member. */
  let bob: StorageState;
  /** Ann's personal API token, for reading and changing the board as a script would. */
  let api: BearerApi;

  beforeAll(async () => {
    server = await ProductServer.start();
    browser = await launchBrowser();
    const demo = await demoBoard(browser, server.url, { bob: person('Bob Member') });
    ({ boardId, boardUrl, api, ann } = demo);
    bob = await demo.members.bob.storageState();
    await demo.members.bob.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  interface StoredBoard {
    columns: Array<{ id: string; name: string }>;
    cards: Array<{ title: string; columnId: string }>;
  }

  /** The board as the server has stored it, through the REST API. */
  async function storedBoard(): Promise<StoredBoard> {
    return (await api<{ board: StoredBoard }>('GET', `/api/boards/${boardId}`)).body.board;
  }

  /** Opens the demo board in a new browser signed in as `who` (Ann unless said otherwise). */
  async function openBoard(who: StorageState = ann): Promise<Page> {
    const page = await (await browser.newContext({ viewport: DESKTOP, storageState: who })).newPage();
    await page.goto(boardUrl);
    await card(column(page, 'Doing'), 'Fix rounding').first().waitFor();
    return page;
  }

  it('lists the demo board and opens it', async () => {
    const page = await (await browser.newContext({ storageState: ann })).newPage();
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Team board' }).click();
    await column(page, 'Backlog').waitFor();
    for (const name of ['Backlog', 'Ready', 'Doing', 'Review', 'Done']) {
      await expect(column(page, name).count()).resolves.toBe(1);
    }
    await expect(page.getByRole('listitem').count()).resolves.toBe(12);
    await page.context().close();
  });

  it('a card dragged in one browser appears in the other, and a reload keeps it', async () => {
    const a = await openBoard(ann);
    const b = await openBoard(bob);
    await expect(b.getByText(/2 people on this board/).count()).resolves.toBe(1);

    const title = 'Export invoices as CSV';
    const target = column(a, 'Ready').getByRole('list').first();
    const released = await drag(a, card(column(a, 'Backlog'), title), target);
    await card(column(b, 'Ready'), title).waitFor({ timeout: 10_000 });
    // A figure for people, not an assertion (includes Playwright's polling of the other page).
    console.log(`drop → seen in the other browser: ${(performance.now() - released).toFixed(0)} ms`);
    await expect(card(column(b, 'Backlog'), title).count()).resolves.toBe(0);
    await shot(a, 'board-after-drag');

    await b.reload();
    await card(column(b, 'Ready'), title).waitFor();
    await expect(card(b, title).count()).resolves.toBe(1);
    await a.context().close();
    await b.context().close();
  });

  it('shows a column over its WIP limit as abnormal, in words as well as colour', async () => {
    const page = await openBoard();
    const doing = (await storedBoard()).columns.find((c) => c.name === 'Doing')!;
    await expect(
      column(page, 'Doing')
        .getByText(/over limit/i)
        .count(),
    ).resolves.toBe(0);
    const scope = { kind: 'column', columnId: doing.id };
    const res = await api('PUT', `/api/boards/${boardId}/limits`, { scope, max: 1, mode: 'hard' });
    expect(res.status).toBe(200);
    await column(page, 'Doing')
      .getByText(/over limit/i)
      .waitFor({ timeout: 10_000 });
    await expect(column(page, 'Doing').getByText('3 / 1').count()).resolves.toBe(1);
    await shot(page, 'board-over-limit');
    await api('PUT', `/api/boards/${boardId}/limits`, { scope, max: 3, mode: 'hard' });
    await page.context().close();
  });

  it('moves a focused card to the next column with Shift+ArrowRight', async () => {
    const a = await openBoard(bob);
    const b = await openBoard(ann);
    const title = 'Keyboard shortcuts help page';
    await card(column(a, 'Review'), title).focus();
    await a.keyboard.press('Shift+ArrowRight');
    await card(column(b, 'Done'), title).waitFor({ timeout: 10_000 });
    await expect(card(column(a, 'Done'), title).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await a.context().close();
    await b.context().close();
  });

  it('survives a server crash: reconnects by itself, applies the offline move once, loses nothing', async () => {
    const page = await openBoard();
    const before = await page.getByRole('listitem').count();
    await server.kill();
    await page
      .getByText(/Reconnecting/)
      .first()
      .waitFor({ timeout: 15_000 });

    const title = 'Swimlane for expedited work';
    await card(column(page, 'Doing'), title).focus();
    await page.keyboard.press('Shift+ArrowRight');
    await card(column(page, 'Review'), title).waitFor(); // shown as pending while offline
    await shot(page, 'board-offline');

    await server.launch();
    await page
      .getByText(/Reconnecting/)
      .first()
      .waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(async () => (await storedBoard()).cards.length).toBe(before);
    const stored = await storedBoard();
    const review = stored.columns.find((c) => c.name === 'Review')!;
    expect(stored.cards.find((c) => c.title === title)?.columnId).toBe(review.id);
    await expect.poll(() => page.getByRole('listitem').count()).toBe(before);
    await page.context().close();
  });
});
