import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { person, signedUpContext, tokenApi, type BearerApi, type Person } from './people.ts';

/** A browser's signed-in state, for opening more browsers as the same person. */
export type StorageState = BrowserContextOptions['storageState'];

/** The demo board of a fresh install, run by its first account, and the people added to it. */
export interface DemoBoard<K extends string> {
  boardId: string;
  boardUrl: string;
  /** Ann's personal API token, for reading and changing the board as a script would. */
  api: BearerApi;
  /** Ann Admin's signed-in state: instance admin and admin of the demo board. */
  ann: StorageState;
  /** A signed-in browser (context) for each member, by the key they were given under. */
  members: Record<K, BrowserContext>;
}

/**
 * Signs up Ann Admin first (so she runs this Obeya and administers its demo board, "Team board"),
 * then each of `members`, and adds them to the demo board as members.
 */
export async function demoBoard<K extends string>(
  browser: Browser,
  baseUrl: string,
  members: Record<K, Person>,
): Promise<DemoBoard<K>> {
  const annContext = await signedUpContext(browser, baseUrl, person('Ann Admin'));
  const contexts = {} as Record<K, BrowserContext>;
  for (const [key, who] of Object.entries(members) as Array<[K, Person]>) {
    contexts[key] = await signedUpContext(browser, baseUrl, who);
  }
  const page = await annContext.newPage();
  await page.goto(baseUrl);
  const api = await tokenApi(page, baseUrl);
  const { body } = await api<{ boards: Array<{ id: string; name: string }> }>('GET', '/api/boards');
  const boardId = body.boards.find((b) => b.name === 'Team board')!.id;
  for (const who of Object.values<Person>(members)) {
    const added = await api('POST', `/api/boards/${boardId}/members`, { email: who.email, role: 'member' });
    if (added.status !== 201) throw new Error(`could not add ${who.name} to the demo board: ${added.status}`);
  }
  const ann = await annContext.storageState();
  await annContext.close();
  return { boardId, boardUrl: `${baseUrl}/boards/${boardId}`, api, ann, members: contexts };
}
