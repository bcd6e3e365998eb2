import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, column, drag } from './board-page.ts';
import { ProductServer, launchBrowser, shot } from './harness.ts';
import { DESKTOP, bearerApi, fillSignIn, fillSignUp, person, tokenApi, type BearerApi } from './people.ts';

interface StoredBoard {
  board: { columns: Array<{ id: string; name: string }>; cards: Array<{ title: string; columnId: string }> };
}

/** Accounts, roles, sharing and wall screens, as the people using them meet them. */
describe('accounts, roles and wall screens in Chromium', () => {
  let server: ProductServer;
  let browser: Browser;
  const ann = person('Ann Admin');
  const vera = person('Vera Viewer');
  /** Ann's browser: she signs up first, so she runs this Obeya. */
  let annContext: BrowserContext;
  let annPage: Page;
  let veraPage: Page;
  let api: BearerApi;
  let boardUrl = '';
  const board = 'Launch plan';
  const first = 'Draft press release';

  beforeAll(async () => {
    server = await ProductServer.start();
    browser = await launchBrowser();
    annContext = await browser.newContext({ viewport: DESKTOP });
    annPage = await annContext.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shareDialog = () => annPage.getByRole('dialog', { name: /^Share/ });

  async function openShare(): Promise<void> {
    await annPage.getByRole('button', { name: 'Share', exact: true }).click();
    await shareDialog().getByRole('list', { name: 'Members of this board' }).waitFor();
  }

  it('signs up the first account, which runs this Obeya, checking the password rule first', async () => {
    await annPage.goto(`${server.url}/signup`);
    await annPage.getByText('The first account will run this Obeya').waitFor();
    await annPage.getByText('At least 10 characters').waitFor(); // the rule is said before anything is typed
    await fillSignUp(annPage, { ...ann, password: 'short' });
    await annPage.getByText('Password must be at least 10 characters').waitFor();
    await expect(annPage.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await annPage.getByLabel('Password', { exact: true }).fill('');
    await shot(annPage, 'signup');

    await fillSignUp(annPage, ann);
    await annPage.getByRole('heading', { name: 'Your boards' }).waitFor();
    await annPage.getByRole('link', { name: /Team board.*Admin/ }).waitFor();
    await annPage.getByRole('link', { name: 'Ann Admin' }).waitFor(); // the header names who is signed in
    api = await tokenApi(annPage, server.url);
  });

  it('says when an email already has an account, next to the email field', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/signup`);
    await fillSignUp(page, { ...ann, name: 'Someone Else' });
    const email = page.getByLabel('Email', { exact: true });
    await page.locator('#signup-email-error', { hasText: 'already exists' }).waitFor();
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true');
    await page.context().close();
  });

  it('signs out, refuses a wrong password, and signs in back to the page asked for', async () => {
    await annPage.getByRole('button', { name: 'Sign out' }).click();
    await annPage.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot(annPage, 'signin');
    await fillSignIn(annPage, { ...ann, password: 'not the right password' });
    await annPage.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();

    await annPage.goto(`${server.url}/account`);
    await annPage.waitForURL(/\/signin\?next=%2Faccount$/);
    await fillSignIn(annPage, ann);
    await annPage.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(new URL(annPage.url()).pathname).toBe('/account');
  });

  it('creates a board, which its creator runs', async () => {
    await annPage.getByRole('link', { name: 'Boards', exact: true }).click();
    await annPage.getByLabel('Name').fill(board);
    await annPage.getByRole('button', { name: 'Create board' }).click();
    await annPage.getByRole('heading', { name: board }).waitFor();
    boardUrl = annPage.url();
    await column(annPage, 'To do').getByRole('button', { name: '+ Add card' }).click();
    for (const title of [first, 'Book the venue']) {
      await column(annPage, 'To do').getByRole('textbox', { name: 'Card title' }).fill(title);
      await annPage.keyboard.press('Enter'); // the form stays open for the next card
      await card(column(annPage, 'To do'), title).waitFor();
    }
    await annPage.keyboard.press('Escape');
    await annPage.getByRole('button', { name: 'Share', exact: true }).waitFor();
  });

  it('shares the board with a viewer, who sees it read-only and cannot move a card', async () => {
    veraPage = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    await veraPage.goto(`${server.url}/signup`);
    await fillSignUp(veraPage, vera);
    await veraPage.getByText('No boards shared with you yet').waitFor(); // Ann's boards are hers

    await openShare();
    const email = shareDialog().getByLabel('Add someone by email');
    await email.fill('nobody@example.com');
    await shareDialog().getByRole('button', { name: 'Add', exact: true }).click();
    await shareDialog().getByRole('alert').filter({ hasText: 'No one has an account with' }).waitFor();
    await email.fill(vera.email);
    await shareDialog().getByLabel('Role', { exact: true }).selectOption('viewer');
    await shareDialog().getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => shareDialog().getByLabel('Role of Vera Viewer').inputValue()).toBe('viewer');
    await shot(annPage, 'share-dialog');
    await annPage.keyboard.press('Escape');
    await shareDialog().waitFor({ state: 'detached' });

    await veraPage.reload();
    await veraPage.getByRole('link', { name: new RegExp(`${board}.*Viewer`) }).click();
    await card(column(veraPage, 'To do'), first).waitFor();
    await veraPage.getByText('View only', { exact: true }).waitFor();
    await expect(veraPage.getByRole('button', { name: '+ Add card' }).count()).resolves.toBe(0);
    await expect(veraPage.getByRole('button', { name: /^(Edit|Rename|Share)/ }).count()).resolves.toBe(0);

    await drag(veraPage, card(column(veraPage, 'To do'), first), column(veraPage, 'Doing').getByRole('list').first());
    await card(column(veraPage, 'To do'), first).focus();
    await veraPage.keyboard.press('Shift+ArrowRight');
    await veraPage.waitForTimeout(1500); // time for a move to show, had one been sent
    await expect(card(column(veraPage, 'To do'), first).count()).resolves.toBe(1);
    await expect(card(column(annPage, 'To do'), first).count()).resolves.toBe(1);
    await expect(card(column(annPage, 'Doing'), first).count()).resolves.toBe(0);
    const stored = await api<StoredBoard>('GET', `/api${new URL(boardUrl).pathname}`);
    const todo = stored.body.board.columns.find((c) => c.name === 'To do');
    expect(stored.body.board.cards.find((c) => c.title === first)?.columnId).toBe(todo?.id);
    await shot(veraPage, 'board-viewer');
  });

  it('applies a changed role on the open page at once', async () => {
    await openShare();
    await shareDialog().getByLabel('Role of Vera Viewer').selectOption('member');
    await veraPage.getByText('View only', { exact: true }).waitFor({ state: 'detached', timeout: 10_000 });
    await column(veraPage, 'To do').getByRole('button', { name: '+ Add card' }).waitFor();
    await shareDialog().getByLabel('Role of Vera Viewer').selectOption('viewer');
    await veraPage.getByText('View only', { exact: true }).waitFor({ timeout: 10_000 });
    await expect(veraPage.getByRole('button', { name: '+ Add card' }).count()).resolves.toBe(0);
  });

  it('shows the board on a wall screen without a login, live, until its link is revoked', async () => {
    await shareDialog().getByLabel('Screen name').fill('Team area TV');
    await shareDialog().getByRole('button', { name: 'Create wall link' }).click();
    const link = shareDialog().getByLabel('Wall-screen link for Team area TV');
    await shareDialog().getByText('this link will not be shown again').waitFor();
    const wallUrl = await link.inputValue();
    expect(wallUrl).toMatch(new RegExp(`^${server.url}/wall/.+`));
    await shot(annPage, 'share-dialog-wall-link');
    await shareDialog().getByRole('button', { name: 'Done' }).click();
    await annPage.keyboard.press('Escape');

    const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await wall.goto(wallUrl);
    await wall.getByRole('heading', { name: board }).waitFor();
    await wall.getByText('Live', { exact: true }).waitFor();
    await card(column(wall, 'To do'), first).waitFor();
    await expect(wall.getByRole('button').count()).resolves.toBe(0); // nothing to press, nowhere to go
    await annPage.getByText('Wall: Team area TV').waitFor();

    await drag(annPage, card(column(annPage, 'To do'), first), column(annPage, 'Doing').getByRole('list').first());
    await card(column(wall, 'Doing'), first).waitFor({ timeout: 10_000 });
    await shot(wall, 'wall');

    await openShare();
    await shareDialog().getByRole('button', { name: 'Revoke Team area TV' }).click();
    await shareDialog().getByRole('button', { name: 'Revoke', exact: true }).click();
    await wall.getByText("This wall screen's access was revoked").waitFor({ timeout: 5_000 });
    await shot(wall, 'wall-revoked');
    await wall.reload(); // the link itself no longer works either
    await wall.getByText("This wall screen's access was revoked").waitFor();
    await annPage.keyboard.press('Escape');
    await wall.context().close();
  });

  it('tells a removed member at once, with a way back to their boards', async () => {
    await openShare();
    await shareDialog().getByRole('button', { name: 'Remove Vera Viewer' }).click();
    await shareDialog().getByRole('button', { name: 'Remove', exact: true }).click();
    await veraPage
      .getByRole('heading', { name: 'You no longer have access to this board' })
      .waitFor({ timeout: 10_000 });
    await veraPage.getByRole('link', { name: 'Back to your boards' }).click();
    await veraPage.getByText('No boards shared with you yet').waitFor();
    await annPage.keyboard.press('Escape');
    await veraPage.context().close();
  });

  it('creates a personal API token, shows it once, and revokes it', async () => {
    await annPage.getByRole('link', { name: 'Ann Admin' }).click();
    await annPage.getByLabel('Token name').fill('Metrics export');
    await annPage.getByRole('button', { name: 'Create token' }).click();
    const secret = await annPage.getByLabel('Token “Metrics export”').inputValue();
    await annPage.getByText('this token will not be shown again').waitFor();
    await shot(annPage, 'account-token');

    const script = bearerApi(server.url, secret);
    const listed = await script<{ boards: Array<{ name: string; role: string }> }>('GET', '/api/boards');
    expect(listed.status).toBe(200);
    expect(listed.body.boards.map((b) => b.name)).toContain(board);

    await annPage.getByRole('button', { name: 'Revoke Metrics export' }).click();
    await annPage.getByRole('button', { name: 'Revoke', exact: true }).click();
    await annPage.getByRole('cell', { name: 'Metrics export' }).waitFor({ state: 'detached' });
    await expect.poll(async () => (await script('GET', '/api/boards')).status).toBe(401);
  });

  it('lets the instance admin make sign-up invitation only, and invite someone', async () => {
    await annPage.getByLabel('Invitation only').check();
    await annPage.getByText('Sign-up is invitation only.').waitFor();
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(`${server.url}/signup`);
    await stranger.getByText('This Obeya is invitation only.').waitFor();
    await expect(stranger.getByRole('button', { name: 'Create account' }).count()).resolves.toBe(0);

    await annPage.getByLabel('Email', { exact: true }).fill('ivy@example.com');
    await annPage.getByRole('button', { name: 'Create invitation' }).click();
    const invitation = await annPage.getByLabel('Invitation link for ivy@example.com').inputValue();
    await stranger.goto(invitation);
    await stranger.getByText('You were invited').waitFor();
    await fillSignUp(stranger, person('Ivy'));
    await stranger.getByRole('heading', { name: 'Your boards' }).waitFor();
    await stranger.context().close();
  });

  it('sends a person whose session ended to sign in, then back to the board', async () => {
    // Two browsers share one session: signing out in one ends it in the other, which is on the board.
    const other = await (
      await browser.newContext({ viewport: DESKTOP, storageState: await annContext.storageState() })
    ).newPage();
    await other.goto(boardUrl);
    await card(other, first).waitFor();
    await annPage.getByRole('button', { name: 'Sign out' }).click();
    await other.waitForURL(/\/signin\?next=/, { timeout: 10_000 });
    await other.getByText('Your session has ended').waitFor();
    await fillSignIn(other, ann);
    await other.waitForURL(boardUrl);
    await card(other, first).waitFor();
    await other.context().close();
  });
});
