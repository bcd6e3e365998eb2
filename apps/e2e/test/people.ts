import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Someone who uses Obeya in the tests. */
export interface Person {
  name: string;
  email: string;
  password: string;
}

/** A person with a distinct email; the password passes the sign-up rules. */
export function person(name: string): Person {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`;
  return { name, email, password: 'correct horse battery staple' };
}

/** The browser size the board tests use: wide enough for five columns. */
export const DESKTOP = { width: 1600, height: 900 } as const;

/** Fills in and sends the sign-up form on the page already open at /signup. */
export async function fillSignUp(page: Page, who: Person): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(who.name);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Signs up through the sign-up page, as a person would, and waits for the board list. */
export async function signUp(page: Page, baseUrl: string, who: Person): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await fillSignUp(page, who);
  await page.getByRole('heading', { name: 'Your boards' }).waitFor();
}

/** Fills in and sends the sign-in form on the page already open at /signin. */
export async function fillSignIn(page: Page, who: Person): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A new browser (context) in which `who` has just signed up. */
export async function signedUpContext(browser: Browser, baseUrl: string, who: Person): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await signUp(page, baseUrl, who);
  await page.close();
  return context;
}

/**
 * Calls the REST API from inside a page of the signed-in context, so the request is what the app
 * itself sends (same origin, session cookie); returns the status and the parsed body.
 */
export async function apiFromPage<T = unknown>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const init: RequestInit = { method, headers: body === undefined ? {} : { 'content-type': 'application/json' } };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await fetch(path, init);
      return { status: res.status, body: res.status === 204 ? undefined : await res.json().catch(() => undefined) };
    },
    { method, path, body },
  ) as Promise<{ status: number; body: T }>;
}

/** A REST client for scripts: a personal API token sent as `Authorization: Bearer`. */
export function bearerApi(baseUrl: string, token: string) {
  return async <T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (res.status === 204 ? undefined : await res.json().catch(() => undefined)) as T,
    };
  };
}
export type BearerApi = ReturnType<typeof bearerApi>;

/** Creates a personal API token for the person signed in on `page` and returns a client using it. */
export async function tokenApi(page: Page, baseUrl: string, name = 'e2e script'): Promise<BearerApi> {
  const res = await apiFromPage<{ secret: string }>(page, 'POST', '/api/tokens', { name });
  if (res.status !== 201 && res.status !== 200) throw new Error(`could not create a token: ${res.status}`);
  return bearerApi(baseUrl, res.body.secret);
}
