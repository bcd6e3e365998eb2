import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column } from './board-page.ts';
import { demoBoard, type StorageState } from './demo-board.ts';
import { ProductServer, launchBrowser, shot } from './harness.ts';
import { DESKTOP, person, signedUpContext, type BearerApi } from './people.ts';

interface StoredBoard {
  startColumnId: string | null;
  finishColumnId: string | null;
  slePercent: number | null;
  sleWindowDays: number | null;
  columns: Array<{ id: string; name: string; kind: string }>;
  lanes: Array<{ id: string }>;
}

/** True when the element has the keyboard focus. */
const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

/**
 * A board admin, Ann, shapes the workflow of a new team board in its Workflow settings: which
 * columns are queues, where work counts as started, and how the SLE is found. Vic views the board
 * and sees the result but has nothing to edit. The tests follow on from each other.
 */
describe('workflow settings in Chromium', () => {
  let server: ProductServer;
  let browser: Browser;
  let api: BearerApi;
  let ann: StorageState;
  let boardId: string;
  let boardUrl: string;
  let admin: Page;
  let vic: Page;

  beforeAll(async () => {
    server = await ProductServer.start();
    browser = await launchBrowser();
    ({ api, ann } = await demoBoard(browser, server.url, {}));
    const created = await api<{ board: { id: string } }>('POST', '/api/boards', {
      name: 'Payments team',
      template: 'team',
    });
    boardId = created.body.board.id;
    boardUrl = `${server.url}/boards/${boardId}`;
    await finishSomeWork();
    const viewer = person('Vic Viewer');
    const vicContext = await signedUpContext(browser, server.url, viewer);
    expect((await api('POST', `/api/boards/${boardId}/members`, { email: viewer.email, role: 'viewer' })).status).toBe(
      201,
    );
    admin = await (await browser.newContext({ viewport: DESKTOP, storageState: ann })).newPage();
    vic = await vicContext.newPage();
    for (const page of [admin, vic]) {
      await page.goto(boardUrl);
      await page.getByText('Live', { exact: true }).waitFor();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function storedBoard(): Promise<StoredBoard> {
    return (await api<{ board: StoredBoard }>('GET', `/api/boards/${boardId}`)).body.board;
  }

  /** Cards started in Doing and finished in Done a moment later, so the board has an SLE from its own work. */
  async function finishSomeWork(): Promise<void> {
    const board = await storedBoard();
    const id = (name: string) => board.columns.find((c) => c.name === name)!.id;
    for (const title of ['Refund by bank transfer', 'Card payments in euros', 'Receipt e-mails', 'Payout report']) {
      const added = await api<{ card: { id: string } }>('POST', `/api/boards/${boardId}/cards`, {
        title,
        columnId: id('Doing'),
      });
      expect(added.status).toBe(201);
      if (title === 'Payout report') continue; // still in progress
      await new Promise((resolve) => setTimeout(resolve, 150));
      const moved = await api('POST', `/api/cards/${added.body.card.id}/move`, { toColumnId: id('Done') });
      expect(moved.status).toBe(200);
    }
  }

  /** The sentence that says where the board's SLE comes from (read after the SLE by screen readers). */
  const explanation = (page: Page) => page.getByTestId('sle-explanation');
  const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Workflow settings' });

  it('the board starts with the SLE at the 85th percentile of the last 90 days', async () => {
    await admin.getByText(/^SLE /).waitFor({ timeout: 10_000 });
    await expect
      .poll(() => explanation(admin).textContent(), { timeout: 10_000 })
      .toBe('85 % of the cards finished in the last 90 days took this long or less, once started.');
    await expect(column(admin, 'Ready').getByText('Start', { exact: true }).count()).resolves.toBe(1);
    await expect(column(admin, 'Review').getByText('queue', { exact: true }).count()).resolves.toBe(1);
  });

  it('an admin opens Workflow settings from the toolbar with the keyboard; Escape gives the keyboard back', async () => {
    const button = admin.getByRole('button', { name: 'Workflow settings' });
    await button.focus();
    await admin.keyboard.press('Enter');
    const dialog = dialogOf(admin);
    await dialog.waitFor();
    const rows = dialog.getByRole('table').getByRole('row');
    await expect(rows.allInnerTexts()).resolves.toHaveLength(6); // a heading row and five columns, in order
    await expect(dialog.getByRole('rowheader').allInnerTexts()).resolves.toEqual([
      'Backlog',
      'Ready',
      'Doing',
      'Review',
      'Done',
    ]);
    await expect(dialog.getByRole('radio', { name: 'Commitment point: Ready' }).isChecked()).resolves.toBe(true);
    await expect(dialog.getByRole('radio', { name: 'Delivery point: Done' }).isChecked()).resolves.toBe(true);
    await expect(dialog.getByLabel('Percentile').inputValue()).resolves.toBe('85');
    await expect(dialog.getByLabel('Window, in days').inputValue()).resolves.toBe('90');
    await admin.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(isFocused(button)).resolves.toBe(true);
  });

  it('refuses bad values and a commitment point right of the delivery point, saying why, and saves nothing', async () => {
    await admin.getByRole('button', { name: 'Workflow settings' }).click();
    const dialog = dialogOf(admin);
    const percentile = dialog.getByLabel('Percentile');
    await percentile.fill('100');
    const backlog = dialog.getByRole('radio', { name: 'Delivery point: Backlog' });
    await backlog.check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('The percentile must be at most 99.').waitFor();
    await dialog.getByText('The commitment point must not be right of the delivery point.').waitFor();
    await expect(percentile.getAttribute('aria-invalid')).resolves.toBe('true');
    // The keyboard goes to the first problem, which reads its message.
    await expect.poll(() => isFocused(backlog)).toBe(true);
    await expect(backlog.getAttribute('aria-describedby')).resolves.toBe('workflow-points-error');
    await shot(admin, 'workflow-settings-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await storedBoard()).toMatchObject({ slePercent: null, sleWindowDays: null });
  });

  it('an admin makes Review active, moves the commitment point to Doing and sets the SLE to the 50th percentile of 30 days', async () => {
    await admin.getByRole('button', { name: 'Workflow settings' }).click();
    const dialog = dialogOf(admin);
    await dialog.getByRole('combobox', { name: 'Kind of Review' }).selectOption('active');
    await dialog.getByRole('radio', { name: 'Commitment point: Doing' }).check();
    await dialog.getByLabel('Percentile').fill('50');
    await dialog.getByLabel('Window, in days').fill('30');
    await dialog.getByText('once you save').waitFor();
    await shot(admin, 'workflow-settings');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The board shows it at once, to everyone on it.
    for (const page of [admin, vic]) {
      await column(page, 'Review').getByText('active', { exact: true }).waitFor({ timeout: 10_000 });
      await column(page, 'Doing').getByText('Start', { exact: true }).waitFor();
      await expect(column(page, 'Ready').getByText('Start', { exact: true }).count()).resolves.toBe(0);
      await expect
        .poll(() => explanation(page).textContent(), { timeout: 10_000 })
        .toBe('50 % of the cards finished in the last 30 days took this long or less, once started.');
    }
    await expect(admin.getByText(/^SLE /).getAttribute('title')).resolves.toMatch(/^50 % of the cards/);
    await shot(admin, 'workflow-settings-board');

    const board = await storedBoard();
    const id = (name: string) => board.columns.find((c) => c.name === name)!.id;
    expect(board).toMatchObject({ slePercent: 50, sleWindowDays: 30, startColumnId: id('Doing') });
    expect(board.columns.map((c) => c.kind)).toEqual(['queue', 'queue', 'active', 'active', 'queue']);

    // Opened again, the dialog shows what was saved.
    await admin.getByRole('button', { name: 'Workflow settings' }).click();
    await expect(dialog.getByLabel('Percentile').inputValue()).resolves.toBe('50');
    await expect(dialog.getByRole('radio', { name: 'Commitment point: Doing' }).isChecked()).resolves.toBe(true);
    await dialog.getByText(/With these settings the SLE is/).waitFor({ timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('a viewer has no Workflow settings to open, and cannot change them through the API either', async () => {
    await vic.getByText('View only', { exact: true }).waitFor();
    await expect(vic.getByRole('button', { name: 'Workflow settings' }).count()).resolves.toBe(0);
    await expect(dialogOf(vic).count()).resolves.toBe(0);
    const refused = await vic.evaluate(async (path) => {
      const res = await fetch(path, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ slePercent: 95 }),
      });
      return res.status;
    }, `/api/boards/${boardId}`);
    expect(refused).toBe(403);
    expect((await storedBoard()).slePercent).toBe(50);
  });
});
