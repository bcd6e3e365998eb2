import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, cell, column, drag, dragOver } from './board-page.ts';
import { demoBoard, type StorageState } from './demo-board.ts';
import { ProductServer, launchBrowser, shot } from './harness.ts';
import { DESKTOP, person, type BearerApi } from './people.ts';

interface StoredBoard {
  columns: Array<{ id: string; name: string }>;
  lanes: Array<{ id: string; name: string }>;
  cards: Array<{ id: string; title: string; columnId: string; assignees: string[] }>;
  breaches: Array<{ cardId: string; reason: string }>;
}

/** True when the element has the keyboard focus. */
const isFocused = (page: Page, locator: ReturnType<Page['locator']>) =>
  locator.evaluate((el) => el === document.activeElement);

/**
 * WIP limits as the people at the board meet them: two members working the demo board in two
 * browsers, and its admin setting limits. The tests follow on from each other, like a day at the board.
 */
describe('WIP limits in Chromium', () => {
  let server: ProductServer;
  let browser: Browser;
  let boardId: string;
  let boardUrl: string;
  let api: BearerApi;
  let ann: StorageState;
  /** Two members of the demo board, each in their own browser. */
  let bob: Page;
  let cleo: Page;

  beforeAll(async () => {
    server = await ProductServer.start();
    browser = await launchBrowser();
    const demo = await demoBoard(browser, server.url, { bob: person('Bob Member'), cleo: person('Cleo Member') });
    ({ boardId, boardUrl, api, ann } = demo);
    bob = await demo.members.bob.newPage();
    cleo = await demo.members.cleo.newPage();
    for (const p of [bob, cleo]) {
      await p.goto(boardUrl);
      await p.getByText('Live', { exact: true }).waitFor();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function storedBoard(): Promise<StoredBoard> {
    return (await api<{ board: StoredBoard }>('GET', `/api/boards/${boardId}`)).body.board;
  }

  async function columnId(name: string): Promise<string> {
    return (await storedBoard()).columns.find((c) => c.name === name)!.id;
  }

  async function setColumnLimit(name: string, max: number | null, mode: 'hard' | 'soft'): Promise<void> {
    const scope = { kind: 'column', columnId: await columnId(name) };
    const res = await api('PUT', `/api/boards/${boardId}/limits`, { scope, max, mode });
    expect(res.status).toBe(200);
  }

  /** The column a card is stored in, by name. */
  async function storedColumnOf(title: string): Promise<string | undefined> {
    const board = await storedBoard();
    const at = board.cards.find((c) => c.title === title)?.columnId;
    return board.columns.find((c) => c.id === at)?.name;
  }

  const toast = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text });

  it('a full hard-limited column is closed to a drag in another browser, which says which limit', async () => {
    await shot(bob, 'wip-normal');
    await setColumnLimit('Review', 2, 'hard');
    // Bob fills Review to its limit; both browsers show it at its limit.
    await drag(bob, card(column(bob, 'Doing'), 'Fix rounding'), cell(bob, 'Review'));
    for (const page of [bob, cleo]) {
      await card(column(page, 'Review'), 'Fix rounding').waitFor({ timeout: 10_000 });
      await column(page, 'Review').getByText('Review is at its limit: 2 of 2').waitFor();
      await column(page, 'Review').getByText('at limit', { exact: true }).waitFor();
    }
    await shot(cleo, 'wip-full');

    // Cleo drags a card over Review: the target looks closed and names the limit, before she lets go.
    const title = 'Weekly throughput e-mail';
    const dragging = await dragOver(cleo, card(column(cleo, 'Ready'), title), cell(cleo, 'Review'));
    await column(cleo, 'Review').getByText('Closed: Review is at its limit: 2 of 2.').waitFor();
    await shot(cleo, 'wip-closed-drop-target');
    await dragging.drop();

    await toast(cleo, 'Review is at its limit: 2 of 2.').waitFor();
    await expect(card(column(cleo, 'Ready'), title).count()).resolves.toBe(1);
    await expect(card(column(cleo, 'Review'), title).count()).resolves.toBe(0);
    await expect(storedColumnOf(title)).resolves.toBe('Ready');
  });

  it('a keyboard move into a full hard-limited column stays put and says why', async () => {
    const title = 'Keyboard shortcuts help page';
    // Doing holds 2 of 3: Cleo fills it from Review, then tries to move one more card in.
    await card(column(cleo, 'Review'), title).focus();
    await cleo.keyboard.press('Shift+ArrowLeft');
    await card(column(bob, 'Doing'), title).waitFor({ timeout: 10_000 });
    await card(column(cleo, 'Ready'), 'Customer onboarding').focus();
    await cleo.keyboard.press('Shift+ArrowRight');
    await toast(cleo, 'Doing is at its limit: 3 of 3.').waitFor();
    await expect(card(column(cleo, 'Ready'), 'Customer onboarding').count()).resolves.toBe(1);
    // Put it back as it was for the next test.
    await card(column(cleo, 'Doing'), title).focus();
    await cleo.keyboard.press('Shift+ArrowRight');
    await card(column(bob, 'Review'), title).waitFor({ timeout: 10_000 });
  });

  it('a soft limit asks for a reason inline, and the breach shows in both browsers', async () => {
    await setColumnLimit('Review', 2, 'soft');
    for (const page of [bob, cleo]) {
      await column(page, 'Review').getByText('Review is at its soft limit: 2 of 2').waitFor({ timeout: 10_000 });
      await column(page, 'Review').getByText('soft', { exact: true }).waitFor();
    }
    const title = 'Weekly throughput e-mail';
    const question = `Why does “${title}” go over the limit?`;

    // Escape cancels: the card stays where it was.
    let dragging = await dragOver(cleo, card(column(cleo, 'Ready'), title), cell(cleo, 'Review'));
    await column(cleo, 'Review').getByText('Soft limit: reason needed').waitFor();
    await shot(cleo, 'wip-reason-drop-target');
    await dragging.drop();
    const reason = cleo.getByRole('textbox', { name: question });
    await reason.waitFor();
    await expect(isFocused(cleo, reason)).resolves.toBe(true);
    await cleo.keyboard.press('Escape');
    await reason.waitFor({ state: 'detached' });
    await expect(card(column(cleo, 'Ready'), title).count()).resolves.toBe(1);

    // Given a reason, the move goes through.
    dragging = await dragOver(cleo, card(column(cleo, 'Ready'), title), cell(cleo, 'Review'));
    await dragging.drop();
    await reason.waitFor();
    await column(cleo, 'Review')
      .getByText('Review is at its soft limit: 2 of 2. Give a reason to go over it.')
      .waitFor();
    await reason.fill('Customer demo on Friday');
    await shot(cleo, 'wip-reason-prompt');
    await cleo.keyboard.press('Enter');

    for (const page of [cleo, bob]) {
      const moved = card(column(page, 'Review'), title);
      await moved.waitFor({ timeout: 10_000 });
      // On the card: a visible marker, and the whole story in its accessible name.
      await moved.getByText('Over soft limit: “Customer demo on Friday”').waitFor();
      await page
        .getByRole('listitem', {
          name: new RegExp(
            `^${title}\\. Review went over its soft limit \\(3 of 2\\): “Customer demo on Friday” — Cleo Member`,
          ),
        })
        .waitFor();
      // On the column: over its limit, and why.
      await column(page, 'Review').getByText('Review is over its soft limit: 3 of 2').waitFor();
      await column(page, 'Review')
        .getByRole('list', { name: 'Soft limit exceeded' })
        .getByRole('listitem')
        .filter({ hasText: 'Customer demo on Friday' })
        .waitFor();
    }
    await shot(bob, 'wip-soft-breach');
    const stored = await storedBoard();
    expect(stored.breaches.map((b) => b.reason)).toEqual(['Customer demo on Friday']);
  });

  it('moves made offline wait as pending, and after reconnecting each is reported saved or not saved', async () => {
    const saved = 'Export invoices as CSV';
    const refused = 'Customer onboarding checklist';
    await cleo.context().setOffline(true);
    await cleo.getByText('Reconnecting…', { exact: true }).waitFor({ timeout: 15_000 });

    // Two moves while offline: both wait on the board.
    await card(column(cleo, 'Backlog'), saved).focus();
    await cleo.keyboard.press('Shift+ArrowRight');
    await card(column(cleo, 'Ready'), refused).focus();
    await cleo.keyboard.press('Shift+ArrowRight');
    for (const [title, where] of [
      [saved, 'Ready'],
      [refused, 'Doing'],
    ] as const) {
      await card(column(cleo, where), title).getByText('Waiting to sync').waitFor();
      await cleo.getByRole('listitem', { name: new RegExp(`^${title}\\. Waiting to sync`) }).waitFor();
    }
    await shot(cleo, 'wip-offline-pending');

    // Meanwhile Doing fills up (Bob, online).
    await drag(bob, card(column(bob, 'Backlog'), 'Single sign-on'), cell(bob, 'Doing'));
    await card(column(bob, 'Doing'), 'Single sign-on').waitFor({ timeout: 10_000 });
    await expect.poll(() => storedColumnOf('Single sign-on with the company directory')).toBe('Doing');

    await cleo.context().setOffline(false);
    await cleo
      .getByRole('status')
      .filter({ hasText: `Saved: ${saved} moved to Ready.` })
      .waitFor({ timeout: 20_000 });
    await toast(cleo, `Not saved: ${refused} — Doing is at its limit: 3 of 3.`).waitFor();
    await shot(cleo, 'wip-offline-answers');
    // The refused move snapped back; nothing waits any more.
    await card(column(cleo, 'Ready'), refused).waitFor();
    await expect(cleo.getByText('Waiting to sync').count()).resolves.toBe(0);
    await expect(storedColumnOf(saved)).resolves.toBe('Ready');
    await expect(storedColumnOf(refused)).resolves.toBe('Ready');
  });

  it('an admin sets group, lane, person and column limits in the WIP limits dialog, with errors by the fields', async () => {
    const page = await (await browser.newContext({ viewport: DESKTOP, storageState: ann })).newPage();
    await page.goto(boardUrl);
    await page.getByText('Live', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'WIP limits' }).click();
    const dialog = page.getByRole('dialog', { name: 'WIP limits' });

    // A group over Doing and Review, soft at 8.
    const group = dialog.getByRole('form', { name: 'New column group' });
    await group.getByLabel('Group name').fill('Development');
    await group.getByLabel('From', { exact: true }).selectOption({ label: 'Doing' });
    await group.getByLabel('to', { exact: true }).selectOption({ label: 'Review' });
    await group.getByLabel('WIP limit', { exact: true }).fill('8');
    await group.getByLabel('When full', { exact: true }).selectOption('soft');
    await group.getByRole('button', { name: 'Create group' }).click();
    await group.getByText('Group Development created.').waitFor();
    await dialog.getByRole('form', { name: 'Edit group Development' }).scrollIntoViewIfNeeded();
    await shot(page, 'wip-limits-dialog-group');

    // A limit of 0 is refused next to the field.
    const lane = dialog.getByRole('form', { name: 'WIP limit of Standard' });
    await lane.getByLabel('WIP limit of Standard').fill('0');
    await lane.getByRole('button', { name: 'Save' }).click();
    await lane.getByText('The limit must be at least 1.').scrollIntoViewIfNeeded();
    await expect(lane.getByLabel('WIP limit of Standard').getAttribute('aria-invalid')).resolves.toBe('true');
    await shot(page, 'wip-limits-dialog-error');
    await lane.getByLabel('WIP limit of Standard').fill('9');
    await lane.getByRole('button', { name: 'Save' }).click();
    await lane.getByText('Saved.').waitFor();

    // Bob may carry one started card at a time.
    const bobRow = dialog.getByRole('form', { name: 'WIP limit of Bob Member' });
    await bobRow.getByLabel('WIP limit of Bob Member').fill('1');
    await bobRow.getByRole('button', { name: 'Save' }).click();
    await bobRow.getByText('Saved.').waitFor();
    await shot(page, 'wip-limits-dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The column editor sets Ready's limit soft.
    await page.getByRole('button', { name: 'Edit column Ready' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit column' });
    await expect(editor.getByLabel('WIP limit', { exact: true }).inputValue()).resolves.toBe('4');
    await editor.getByLabel('When full', { exact: true }).selectOption('soft');
    await shot(page, 'wip-column-editor');
    await editor.getByRole('button', { name: 'Save' }).click();
    await column(page, 'Ready').getByText('soft', { exact: true }).waitFor();

    // Everyone sees the group over its columns, and the lane and personal limits.
    for (const p of [page, bob]) {
      const header = p.getByRole('region', { name: 'Column group Development' });
      await header.getByText('Development: 6 of 8, soft limit').waitFor({ timeout: 10_000 });
      const limits = p.getByRole('region', { name: 'Lane and personal WIP limits' });
      await limits.getByText(/The Standard lane: \d+ of 9, hard limit/).waitFor();
      await limits.getByText('Bob Member: 0 of 1, hard limit').waitFor();
    }
    await shot(page, 'wip-group-header');
    await page.context().close();
  });

  it('members assign people to cards; a person at their limit is refused with the reason', async () => {
    const first = 'Swimlane for expedited work';
    const second = 'Translate the board into German';
    await card(bob, first).hover();
    await bob.getByRole('button', { name: `Assign people to ${first}` }).click();
    const menu = bob.getByRole('dialog', { name: `Assign ${first}` });
    await menu.getByRole('checkbox', { name: /Bob Member/ }).check();
    for (const page of [bob, cleo]) {
      await page.getByRole('listitem', { name: new RegExp(`^${first}\\. Assigned to Bob Member`) }).waitFor();
      await card(page, first).getByRole('list', { name: 'Assigned to' }).getByText('BM').waitFor();
    }
    await bob.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });

    await card(bob, second).hover();
    await bob.getByRole('button', { name: `Assign people to ${second}` }).click();
    const other = bob.getByRole('dialog', { name: `Assign ${second}` });
    await other.getByRole('checkbox', { name: /Bob Member/ }).click();
    await other.getByRole('alert').getByText('Bob Member is at the personal limit: 1 of 1.').waitFor();
    await expect(other.getByRole('checkbox', { name: /Bob Member/ }).isChecked()).resolves.toBe(false);
    await shot(bob, 'wip-assignees');
    await bob.keyboard.press('Escape');
    const stored = await storedBoard();
    expect(stored.cards.find((c) => c.title === second)?.assignees).toEqual([]);
    expect(stored.cards.find((c) => c.title === first)?.assignees).toHaveLength(1);
  });

  it('the wall screen shows the limits, the group, the breach and the assignees, and offers no changes', async () => {
    const created = await api<{ url: string }>('POST', `/api/boards/${boardId}/wall-tokens`, { name: 'Team TV' });
    expect(created.status).toBe(201);
    const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await wall.goto(`${server.url}${created.body.url}`);
    await column(wall, 'Review').getByText('Review is over its soft limit: 3 of 2').waitFor({ timeout: 15_000 });
    await wall
      .getByRole('region', { name: 'Column group Development' })
      .getByText('Development: 6 of 8, soft limit')
      .waitFor();
    await column(wall, 'Review').getByRole('list', { name: 'Soft limit exceeded' }).waitFor();
    await card(wall, 'Swimlane for expedited work')
      .getByRole('list', { name: 'Assigned to' })
      .getByText('BM')
      .waitFor();
    await wall
      .getByRole('region', { name: 'Lane and personal WIP limits' })
      .getByText(/Bob Member is at the personal limit/)
      .waitFor();
    await expect(wall.getByRole('button', { name: /^Assign people/ }).count()).resolves.toBe(0);
    await shot(wall, 'wip-wall');
    await wall.context().close();
  });

  it('on a board with swimlanes, a cell limit closes its cell and a soft lane limit asks for a reason', async () => {
    const created = await api<{ board: { id: string } }>('POST', '/api/boards', { name: 'Release train' });
    expect(created.status).toBe(201);
    const id = created.body.board.id;
    expect((await api('POST', `/api/boards/${id}/lanes`, { name: 'Expedite' })).status).toBe(201);
    const board = (await api<{ board: StoredBoard }>('GET', `/api/boards/${id}`)).body.board;
    const col = (name: string) => board.columns.find((c) => c.name === name)!.id;
    const lane = (name: string) => board.lanes.find((l) => l.name === name)!.id;
    const put = async (title: string, column: string, laneName: string) =>
      expect(
        (await api('POST', `/api/boards/${id}/cards`, { title, columnId: col(column), laneId: lane(laneName) })).status,
      ).toBe(201);
    await put('Card A', 'Doing', 'Standard');
    await put('Card C', 'To do', 'Standard');
    await put('Hotfix', 'Doing', 'Expedite');
    await put('Card B', 'To do', 'Expedite');
    const limit = (scope: object, max: number, mode: string) =>
      api('PUT', `/api/boards/${id}/limits`, { scope, max, mode });
    await limit({ kind: 'cell', columnId: col('Doing'), laneId: lane('Standard') }, 1, 'hard');
    await limit({ kind: 'lane', laneId: lane('Expedite') }, 1, 'soft');

    const page = await (await browser.newContext({ viewport: DESKTOP, storageState: ann })).newPage();
    await page.goto(`${server.url}/boards/${id}`);
    const expedite = page.getByRole('region', { name: 'Swimlane Expedite' });
    await expedite.getByText('The Expedite lane is at its soft limit: 1 of 1').waitFor();
    await column(page, 'Doing').getByText('Doing in Standard is at its limit: 1 of 1').waitFor();

    // The full cell is closed to Card C; the rest of the column is not.
    const closed = await dragOver(page, card(page, 'Card C'), cell(page, 'Doing', 0));
    await column(page, 'Doing').getByText('Closed: Doing in Standard is at its limit: 1 of 1.').waitFor();
    await expect(
      column(page, 'Doing')
        .getByText(/Closed:/)
        .count(),
    ).resolves.toBe(1);
    await shot(page, 'wip-lanes-closed-cell');
    await closed.drop();
    await toast(page, 'Doing in Standard is at its limit: 1 of 1.').waitFor();
    await expect(card(column(page, 'To do'), 'Card C').count()).resolves.toBe(1);

    // The Expedite lane is soft: Card B goes in with a reason, and the lane shows why.
    await drag(page, card(page, 'Card B'), cell(page, 'Doing', 1));
    const reason = page.getByRole('textbox', { name: 'Why does “Card B” go over the limit?' });
    await reason.fill('Production incident');
    await page.keyboard.press('Enter');
    await expedite.getByText('The Expedite lane is over its soft limit: 2 of 1').waitFor({ timeout: 10_000 });
    await expedite
      .getByRole('list', { name: 'Soft limit exceeded' })
      .getByText(/Production incident/)
      .first()
      .waitFor();
    await card(page, 'Card B').getByText('Over soft limit: “Production incident”').waitFor();
    await shot(page, 'wip-lanes-breach');
    await page.context().close();
  });

  it('a move the server answers with “reason needed” (the place filled up meanwhile) asks for the reason then', async () => {
    await setColumnLimit('Done', 3, 'soft');
    await column(cleo, 'Done').getByText('Done: 2 of 3, soft limit').waitFor({ timeout: 10_000 });
    const title = 'Translate the board into German';
    await cleo.context().setOffline(true);
    await cleo.getByText('Reconnecting…', { exact: true }).waitFor({ timeout: 15_000 });
    // Offline, Done still has room as far as Cleo's browser knows: the move waits.
    await drag(cleo, card(column(cleo, 'Doing'), title), cell(cleo, 'Done'));
    await card(column(cleo, 'Done'), title).getByText('Waiting to sync').waitFor();
    await drag(bob, card(column(bob, 'Doing'), 'Single sign-on'), cell(bob, 'Done'));
    await expect.poll(() => storedColumnOf('Single sign-on with the company directory')).toBe('Done');

    await cleo.context().setOffline(false);
    await toast(cleo, `Not saved: ${title} — Done is at its soft limit: 3 of 3. Give a reason to go over it.`).waitFor({
      timeout: 20_000,
    });
    const reason = cleo.getByRole('textbox', { name: `Why does “${title}” go over the limit?` });
    await reason.waitFor();
    await expect(isFocused(cleo, reason)).resolves.toBe(true);
    await card(column(cleo, 'Doing'), title).waitFor(); // snapped back while asking
    await reason.fill('Translator starts Monday');
    await cleo.keyboard.press('Enter');
    await card(column(bob, 'Done'), title).getByText('Over soft limit: “Translator starts Monday”').waitFor({
      timeout: 10_000,
    });
    await expect(storedColumnOf(title)).resolves.toBe('Done');
  });
});
