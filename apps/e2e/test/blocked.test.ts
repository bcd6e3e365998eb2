import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, column } from './board-page.ts';
import { demoBoard, type StorageState } from './demo-board.ts';
import { ProductServer, launchBrowser, shot } from './harness.ts';
import { DESKTOP, person, signedUpContext, type BearerApi } from './people.ts';

const HOUR = 3_600_000;

interface Report {
  cards: Array<{ id: string; startedAt: string | null; status: string }>;
}
interface StoredBoard {
  columns: Array<{ id: string; name: string }>;
  lanes: Array<{ id: string }>;
  cards: Array<{ id: string; title: string }>;
}

/** True when the element has the keyboard focus. */
const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

/**
 * Blocked work as the people at the board and their manager meet it: Bob blocks cards on the demo
 * board; Cleo, who supports the team, watches the live blocked-work list in another browser; Vic
 * views the board without being able to change it. The tests follow on from each other.
 */
describe('blocked work in Chromium', () => {
  let server: ProductServer;
  let browser: Browser;
  let boardId: string;
  let boardUrl: string;
  let api: BearerApi;
  let ann: StorageState;
  let bob: Page;
  /** Cleo's /blocked page; its clock is Playwright's, so the test can let hours pass. */
  let watch: Page;
  let vic: Page;

  const first = 'Fix rounding in cycle-time report';
  const second = 'Swimlane for expedited work';
  const reason = 'Waiting for test data from finance';
  /** Blocked on another board Cleo supports, before she opens the list. */
  const elsewhere = 'Rotate the database certificates';

  beforeAll(async () => {
    server = await ProductServer.start();
    browser = await launchBrowser();
    const demo = await demoBoard(browser, server.url, { bob: person('Bob Member'), cleo: person('Cleo Manager') });
    ({ boardId, boardUrl, api, ann } = demo);
    const viewer = person('Vic Viewer');
    const vicContext = await signedUpContext(browser, server.url, viewer);
    expect((await api('POST', `/api/boards/${boardId}/members`, { email: viewer.email, role: 'viewer' })).status).toBe(
      201,
    );

    await blockedElsewhere(viewer);
    const members = (
      await api<{ members: Array<{ userId: string; name: string }> }>('GET', `/api/boards/${boardId}/members`)
    ).body.members;
    const bobId = members.find((m) => m.name === 'Bob Member')!.userId;
    const fixRounding = (await storedBoard(boardId)).cards.find((c) => c.title === first)!.id;
    expect((await api('PUT', `/api/cards/${fixRounding}/assignees`, { assignees: [bobId] })).status).toBe(200);

    bob = await demo.members.bob.newPage();
    vic = await vicContext.newPage();
    for (const p of [bob, vic]) {
      await p.goto(boardUrl);
      await p.getByText('Live', { exact: true }).waitFor();
    }
    // Open before anything is blocked: whatever shows up later came live, without a reload.
    watch = await demo.members.cleo.newPage();
    await watch.clock.install();
    await watch.goto(server.url);
    await watch.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blocked work' }).click();
    await watch.getByRole('heading', { name: 'Blocked work', level: 1 }).waitFor();
    await row(watch, elsewhere).getByText('Platform team').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A row of the blocked-work list. */
  const row = (page: Page, title: string) =>
    page.getByRole('list', { name: 'Blocked cards' }).getByRole('listitem').filter({ hasText: title });

  async function storedBoard(id: string): Promise<StoredBoard> {
    return (await api<{ board: StoredBoard }>('GET', `/api/boards/${id}`)).body.board;
  }

  /** A second board, "Platform team", shared with Cleo and Vic, with a card Ann blocked and took on. */
  async function blockedElsewhere(viewer: { email: string }): Promise<void> {
    const created = await api<{ board: { id: string } }>('POST', '/api/boards', { name: 'Platform team' });
    const id = created.body.board.id;
    for (const [email, role] of [
      [person('Cleo Manager').email, 'member'],
      [viewer.email, 'viewer'],
    ]) {
      expect((await api('POST', `/api/boards/${id}/members`, { email, role })).status).toBe(201);
    }
    const board = await storedBoard(id);
    const doing = board.columns.find((c) => c.name === 'Doing')!.id;
    const added = await api<{ card: { id: string } }>('POST', `/api/boards/${id}/cards`, {
      title: elsewhere,
      columnId: doing,
      laneId: board.lanes[0]!.id,
    });
    const cardId = added.body.card.id;
    const me = await api<{ user: { id: string } }>('GET', '/api/me');
    expect((await api('PUT', `/api/cards/${cardId}/assignees`, { assignees: [me.body.user.id] })).status).toBe(200);
    const blocked = await api('POST', `/api/cards/${cardId}/block`, { reason: 'Vendor has not issued the keys' });
    expect(blocked.status).toBe(200);
  }

  it('a member blocks a card from the keyboard, with a reason and a waste; the card shows it blocked', async () => {
    const target = card(column(bob, 'Doing'), first);
    const dialog = bob.getByRole('dialog', { name: `Block “${first}”` });
    const field = dialog.getByLabel('Why is it blocked?');
    // Escape closes the dialog and gives the keyboard back to the card.
    await target.focus();
    await bob.keyboard.press('b');
    await field.waitFor();
    await bob.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(isFocused(target)).resolves.toBe(true);

    await bob.keyboard.press('b');
    await field.waitFor();
    await expect(isFocused(field)).resolves.toBe(true);
    await expect(dialog.getByRole('radio', { name: /^Waiting/ }).isChecked()).resolves.toBe(true);

    // No reason: said next to the field, and the field is marked invalid.
    await dialog.getByRole('button', { name: 'Block card' }).click();
    await dialog.getByText('The reason must not be empty.').waitFor();
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(field.getAttribute('aria-describedby')).resolves.toContain('block-reason-error');

    await field.fill(reason);
    await bob.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect(isFocused(target)).resolves.toBe(true);
    await target.getByText('Blocked', { exact: true }).waitFor();
    await target.getByText(`“${reason}”`).waitFor();
    await bob
      .getByRole('listitem', {
        name: new RegExp(`^${first}\\. Blocked for under 1 min: “${reason}” \\(Waiting\\), by Bob Member`),
      })
      .waitFor();
  });

  it('appears at once in the manager’s live list, with board, column, reason, waste and a ticking time', async () => {
    const item = row(watch, first);
    await item.waitFor({ timeout: 10_000 });
    for (const text of ['Team board', 'Doing', `“${reason}”`, 'Waiting', 'Bob Member', 'Blocked by Bob Member']) {
      await item.getByText(text, { exact: false }).first().waitFor();
    }
    await item.getByText('under 1 min').waitFor();
    // The longest blocked first: the card blocked on the other board before.
    await expect(
      watch.getByRole('list', { name: 'Blocked cards' }).getByRole('heading').allTextContents(),
    ).resolves.toEqual([elsewhere, first]);

    // Two hours later the time has moved on, by itself.
    await watch.clock.fastForward(2 * HOUR);
    await item.getByText(/^2 h( \d+ min)?$/).waitFor({ timeout: 10_000 });
  });

  it('the block dialog offers the board’s earlier reasons', async () => {
    const target = card(column(bob, 'Doing'), second);
    await target.hover();
    await bob.getByRole('button', { name: `Block ${second}` }).click();
    const dialog = bob.getByRole('dialog', { name: `Block “${second}”` });
    const earlier = dialog.getByRole('group', { name: 'Earlier reasons on this board' });
    await earlier.getByRole('button', { name: reason }).click();
    const field = dialog.getByLabel('Why is it blocked?');
    await expect(field.inputValue()).resolves.toBe(reason);
    await expect(isFocused(field)).resolves.toBe(true);
    // The same reason, a different waste: the test data came wrong the first time.
    await dialog.getByRole('radio', { name: /^Defects/ }).check();
    await shot(bob, 'blocked-dialog-earlier-reasons');
    await dialog.getByRole('button', { name: 'Block card' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(watch, second).getByText('Defects').waitFor({ timeout: 10_000 });
  });

  it('the blocked cards look blocked on everyone’s board; a viewer cannot block or unblock', async () => {
    for (const title of [first, second]) {
      const seen = card(column(vic, 'Doing'), title);
      await seen.getByText('Blocked', { exact: true }).waitFor({ timeout: 10_000 });
      await seen.getByText(`“${reason}”`).waitFor();
      await seen.hover();
      await expect(vic.getByRole('button', { name: `Unblock ${title}` }).count()).resolves.toBe(0);
    }
    await card(vic, 'Translate the board into German').hover();
    await expect(vic.getByRole('button', { name: /^Block / }).count()).resolves.toBe(0);
    // The B key does nothing for a viewer either.
    await card(vic, 'Translate the board into German').focus();
    await vic.keyboard.press('b');
    await expect(vic.getByRole('dialog').count()).resolves.toBe(0);
  });

  it('moving a blocked card moves it in the live list too', async () => {
    await card(column(bob, 'Doing'), first).focus();
    await bob.keyboard.press('Shift+ArrowRight');
    await card(column(bob, 'Review'), first).waitFor({ timeout: 10_000 });
    await row(watch, first).getByText('Review', { exact: true }).waitFor({ timeout: 10_000 });
    await card(column(vic, 'Review'), first).getByText('Blocked', { exact: true }).waitFor({ timeout: 10_000 });

    // B on a blocked card opens its blocker, to change it or to unblock; Escape leaves it as it was.
    await card(column(bob, 'Review'), first).focus();
    await bob.keyboard.press('b');
    const dialog = bob.getByRole('dialog', { name: `Blocked: ${first}` });
    await expect(dialog.getByLabel('Why is it blocked?').inputValue()).resolves.toBe(reason);
    await dialog.getByRole('button', { name: 'Unblock' }).waitFor();
    await dialog.getByRole('button', { name: 'Save blocker' }).waitFor();
    await bob.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('the summary counts the listed cards; filters narrow the list by board, reason and waste', async () => {
    const figure = (term: string) => watch.getByRole('term').filter({ hasText: term }).locator('xpath=..');
    const listed = watch.getByRole('list', { name: 'Blocked cards' }).getByRole('listitem');
    await figure('Blocked cards').getByText('3', { exact: true }).waitFor();
    await figure('Blocked time today').getByRole('definition').waitFor();
    const top = figure('Top reasons').getByRole('listitem');
    await top.first().getByText(`“${reason}”`).waitFor();
    await top
      .first()
      .getByText(/^2 cards, /)
      .waitFor();
    await top.nth(1).getByText('“Vendor has not issued the keys”').waitFor();
    await row(watch, elsewhere).getByText('On it: Ann Admin').waitFor();
    await shot(watch, 'blocked-view');

    await watch.getByLabel('Waste').selectOption({ label: 'Defects (1)' });
    await expect(listed.count()).resolves.toBe(1);
    await row(watch, second).waitFor();
    await figure('Blocked cards').getByText('1', { exact: true }).waitFor();
    await shot(watch, 'blocked-view-filtered');
    await watch.getByRole('button', { name: 'Clear filters' }).click();
    await watch.getByLabel('Board').selectOption({ label: 'Platform team (1)' });
    await expect(listed.allTextContents()).resolves.toEqual([expect.stringContaining(elsewhere)]);
    await watch.getByLabel('Board').selectOption({ label: 'Team board (2)' });
    await watch.getByLabel('Reason').selectOption({ label: `${reason} (2)` });
    await expect(listed.count()).resolves.toBe(2);
    await watch.getByRole('button', { name: 'Clear filters' }).click();
    await expect(listed.count()).resolves.toBe(3);
  });

  it('unblocking takes the card off the live list and off the board', async () => {
    const target = card(column(bob, 'Doing'), second);
    await target.hover();
    await bob.getByRole('button', { name: `Unblock ${second}` }).click();
    await target.getByText('Blocked', { exact: true }).waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(target)).toBe(true);
    await row(watch, second).waitFor({ state: 'detached', timeout: 10_000 });
    await expect(row(watch, first).count()).resolves.toBe(1);
    await watch.getByRole('term').filter({ hasText: 'Blocked cards' }).locator('xpath=..').getByText('2').waitFor();
    await card(column(vic, 'Doing'), second).getByText('Blocked', { exact: true }).waitFor({ state: 'detached' });
    await bob.getByRole('listitem', { name: new RegExp(`^${second}\\. In progress for`) }).waitFor();
  });

  it('cards in progress show their age against the SLE an admin sets; columns count those past it', async () => {
    const admin = await (await browser.newContext({ viewport: DESKTOP, storageState: ann })).newPage();
    await admin.goto(boardUrl);
    await admin.getByText('Live', { exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Workflow settings' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Workflow settings' });
    const days = dialog.getByLabel('SLE set by hand, in days');
    await days.fill('400');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('The SLE must be at most 365 days.').waitFor();
    await days.fill('1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByText('SLE 1 d', { exact: true }).waitFor();
    await bob.getByText('SLE 1 d', { exact: true }).waitFor({ timeout: 10_000 });
    await admin.context().close();

    // A card started now, next to the demo cards started when the server first ran.
    await card(column(bob, 'Backlog'), 'Export invoices as CSV').focus();
    await bob.keyboard.press('Shift+ArrowRight');
    await card(column(bob, 'Ready'), 'Export invoices as CSV').waitFor({ timeout: 10_000 });
    const started = await startedAt();
    const demoStart = Math.max(...Object.values(started).filter((t) => t !== started['Export invoices as CSV']));
    const justStarted = started['Export invoices as CSV']!;
    expect(justStarted).toBeGreaterThan(demoStart);

    // A day later (the browser's clock): the demo cards are past the 1-day SLE, the new one near it.
    const later = await (await browser.newContext({ viewport: DESKTOP, storageState: ann })).newPage();
    await later.clock.install({ time: demoStart + 24 * HOUR + (justStarted - demoStart) / 2 });
    await later.goto(boardUrl);
    const ageing = card(column(later, 'Doing'), 'Translate the board into German');
    await ageing.getByText('past SLE').waitFor({ timeout: 10_000 });
    await later
      .getByRole('listitem', { name: /^Translate the board into German\. In progress for 1 d, past/ })
      .waitFor();
    await card(column(later, 'Ready'), 'Export invoices as CSV').getByText('near SLE').waitFor();
    await column(later, 'Doing').getByText('2 past SLE').waitFor();
    // Backlog and Done hold no work in progress: no age there.
    await expect(column(later, 'Backlog').getByText(/SLE/).count()).resolves.toBe(0);
    await expect(column(later, 'Done').getByText(/SLE/).count()).resolves.toBe(0);
    await shot(later, 'board-blocked-and-ageing');
    await later.context().close();
  });

  /** When each card in progress started, by title, from the board's metrics. */
  async function startedAt(): Promise<Record<string, number>> {
    const board = await storedBoard(boardId);
    const report = (await api<Report>('GET', `/api/boards/${boardId}/metrics`)).body;
    const out: Record<string, number> = {};
    for (const c of report.cards) {
      const title = board.cards.find((b) => b.id === c.id)?.title;
      if (title && c.status === 'wip' && c.startedAt) out[title] = Date.parse(c.startedAt);
    }
    return out;
  }
});
