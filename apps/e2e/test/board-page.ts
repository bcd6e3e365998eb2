import type { Locator, Page } from 'playwright-core';

/** A column of the board: a `section` named after the column. */
export const column = (scope: Page | Locator, name: string) => scope.getByRole('region', { name, exact: true });

/** A card: a list item whose accessible name starts with its title. */
export const card = (scope: Page | Locator, title: string) =>
  scope.getByRole('listitem', { name: new RegExp(`^${title}`) });

/** Drags with real pointer events, in small steps, as a person's mouse would; returns when it released. */
export async function drag(page: Page, from: Locator, to: Locator): Promise<number> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('nothing to drag or nowhere to drop');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height - 8, { steps: 20 });
  await page.mouse.up();
  return performance.now();
}
