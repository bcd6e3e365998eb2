import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, cell, column, dragOver } from './board-page.ts';
import { demoBoard, type DemoBoard } from './demo-board.ts';
import { ProductServer, launchBrowser, shot } from './harness.ts';
import { DESKTOP, person, type BearerApi } from './people.ts';

const TITLE = 'Swimlane for expedited work';

/** A card's details panel: the complementary region named after the card. */
const details = (page: Page, title = TITLE) => page.getByRole('complementary', { name: title });
const description = (page: Page) => details(page).getByRole('textbox', { name: 'Description' });
/** Who the toolbar shows on the board, by their avatars' names. */
const onBoard = (page: Page, name: string) => page.locator('.presence').getByTitle(name, { exact: true });

/**
 * Ann and Bob, members of the demo board, open the same card from two browsers: they see each
 * other on the board and in the card, write its description at once, and lose nothing across a
 * server crash. Vic, a viewer, reads it but cannot change it. The tests follow on from each other.
 */
describe('card details in Chromium', () => {
  let server: ProductServer;
  let browser: Browser;
  let demo: DemoBoard<'bob' | 'vic'>;
  let api: BearerApi;
  let ann: Page;
  let bob: Page;
  let cardId: string;

  beforeAll(async () => {
    server = await ProductServer.start();
    browser = await launchBrowser();
    const vic = person('Vic Viewer');
    demo = await demoBoard(browser, server.url, { bob: person('Bob Member'), vic });
    api = demo.api;
    await api('PATCH', `/api/boards/${demo.boardId}/members/${await userId(vic.email)}`, { role: 'viewer' });
    ann = await (await browser.newContext({ viewport: DESKTOP, storageState: demo.ann })).newPage();
    bob = await demo.members.bob.newPage();
    for (const page of [ann, bob]) {
      await page.goto(demo.boardUrl);
      await page.getByText('Live', { exact: true }).waitFor();
    }
    const board = await api<{ board: { cards: Array<{ id: string; title: string }> } }>(
      'GET',
      `/api/boards/${demo.boardId}`,
    );
    cardId = board.body.board.cards.find((c) => c.title === TITLE)!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function userId(email: string): Promise<string> {
    const { body } = await api<{ members: Array<{ userId: string; email: string }> }>(
      'GET',
      `/api/boards/${demo.boardId}/members`,
    );
    return body.members.find((m) => m.email === email)!.userId;
  }

  /** Types at the start or end of the description, as a person clicking into it would. */
  async function typeAt(page: Page, where: 'Home' | 'End', text: string): Promise<void> {
    await description(page).click();
    await page.keyboard.press(`Control+${where}`);
    await page.keyboard.type(text, { delay: 15 });
  }

  const textOf = (locator: Locator) => locator.innerText();

  it('opens a card from its title, beside the board, with its own link', async () => {
    await card(column(ann, 'Doing'), TITLE).getByRole('link', { name: TITLE }).click();
    await details(ann).waitFor();
    expect(new URL(ann.url()).pathname).toBe(`/boards/${demo.boardId}/cards/${cardId}`);
    // The board stays on screen beside the details.
    await expect(column(ann, 'Doing').isVisible()).resolves.toBe(true);
    await bob.goto(`${demo.boardUrl}/cards/${cardId}`);
    await details(bob).waitFor();
    await details(bob).getByText('All changes saved').waitFor();
  });

  it('shows who is on the board and who has the card open', async () => {
    await onBoard(ann, 'Bob Member').waitFor();
    await onBoard(bob, 'Ann Admin').waitFor();
    await details(ann).getByText('Also here: Bob Member').waitFor();
    await details(bob).getByText('Also here: Ann Admin').waitFor();
    await expect(card(column(ann, 'Doing'), TITLE).getAttribute('aria-label')).resolves.toContain('Open by Bob Member');
    // While Bob holds a card over another column, Ann sees who is moving it; once dropped, it is gone.
    const moved = 'Export invoices as CSV';
    const held = await dragOver(bob, card(column(bob, 'Backlog'), moved), cell(bob, 'Ready'));
    await card(column(ann, 'Backlog'), moved).getByText('Bob Member is moving this card').waitFor();
    await shot(ann, 'board-someone-moving');
    await held.drop();
    await card(column(ann, 'Ready'), moved).waitFor();
    // The move lands first; "stopped dragging" follows it.
    await card(column(ann, 'Ready'), moved)
      .getByText(/is moving this card/)
      .waitFor({ state: 'detached' });
  });

  it('lets two people write the description at once and see each other’s text and cursor', async () => {
    await typeAt(ann, 'End', 'The plan: ');
    await expect.poll(() => textOf(description(bob))).toContain('The plan: ');
    // At the same time: Ann goes on at the end, Bob writes a line above.
    await Promise.all([typeAt(ann, 'End', 'ship on Friday.'), typeAt(bob, 'Home', 'Risks: the vendor.\n')]);
    for (const page of [ann, bob]) {
      await expect.poll(() => textOf(description(page)), { timeout: 10_000 }).toContain('The plan: ship on Friday.');
      await expect.poll(() => textOf(description(page)), { timeout: 10_000 }).toContain('Risks: the vendor.');
    }
    await expect.poll(() => textOf(description(ann))).toBe(await textOf(description(bob)));
    // Bob's cursor, with his name, in Ann's editor.
    await details(ann).locator('.ql-cursor-name', { hasText: 'Bob Member' }).waitFor({ state: 'attached' });
    await shot(ann, 'card-details-two-writers');
  });

  it('keeps comments with their author and time, and lists the card’s activity', async () => {
    const box = details(bob).getByRole('textbox', { name: 'Write a comment' });
    await box.fill('Vendor says Friday.');
    await details(bob).getByRole('button', { name: 'Comment', exact: true }).click();
    await details(ann).getByText('Vendor says Friday.').waitFor();
    await expect(details(ann).locator('.comments li').first().innerText()).resolves.toContain('Bob Member');
    // Only its author may edit a comment.
    await expect(
      details(ann)
        .getByRole('button', { name: /Edit your comment/ })
        .count(),
    ).resolves.toBe(0);
    await details(ann).getByText('Bob Member commented: “Vendor says Friday.”').waitFor({ timeout: 10_000 });
    await details(ann).getByText('Obeya created the card in Doing').waitFor();
  });

  it('keeps text typed while the server is down and loses nothing across the restart', async () => {
    await server.kill();
    await details(bob)
      .getByRole('status')
      .filter({ hasText: /Offline/ })
      .waitFor({ timeout: 15_000 });
    await typeAt(bob, 'End', ' Typed offline.');
    await server.launch();
    await details(bob).getByText('All changes saved').waitFor({ timeout: 20_000 });
    await expect.poll(() => textOf(description(ann)), { timeout: 20_000 }).toContain('Typed offline.');
    await ann.reload();
    await expect.poll(() => textOf(description(ann)), { timeout: 20_000 }).toContain('Typed offline.');
    const stored = await api<{ description: string }>('GET', `/api/cards/${cardId}/content`);
    expect(stored.body.description).toContain('The plan: ship on Friday.');
    expect(stored.body.description).toContain('Risks: the vendor.');
    expect(stored.body.description).toContain('Typed offline.');
  });

  it('shows a viewer the description read-only, with no way to comment', async () => {
    const vic = await demo.members.vic.newPage();
    await vic.goto(`${demo.boardUrl}/cards/${cardId}`);
    await details(vic).getByText('View only: you can read the description but not change it.').waitFor();
    await expect.poll(() => textOf(description(vic))).toContain('Typed offline.');
    await expect(description(vic).getAttribute('contenteditable')).resolves.toBe('false');
    await expect(description(vic).getAttribute('aria-readonly')).resolves.toBe('true');
    await expect(details(vic).getByRole('textbox', { name: 'Write a comment' }).count()).resolves.toBe(0);
    await shot(vic, 'card-details-viewer');
    await vic.close();
  });

  it('takes a person off the board within seconds of closing their page', async () => {
    await onBoard(ann, 'Bob Member').waitFor();
    await bob.close();
    await onBoard(ann, 'Bob Member').waitFor({ state: 'detached', timeout: 10_000 });
    await expect(
      details(ann)
        .getByText(/Also here/)
        .count(),
    ).resolves.toBe(0);
  });
});
