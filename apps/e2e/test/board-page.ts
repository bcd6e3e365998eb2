import type { Locator, Page } from 'playwright-core';

/** A column of the board: a `section` named after the column. */
export const column = (scope: Page | Locator, name: string) => scope.getByRole('region', { name, exact: true });

/** A card: a list item whose accessible name starts with its title. */
export const card = (scope: Page | Locator, title: string) =>
  scope.getByRole('listitem', { name: new RegExp(`^${title}`) });

/** The list of cards of a column's cell (the first lane's unless said), where cards are dropped. */
export const cell = (page: Page, columnName: string, lane = 0) =>
  column(page, columnName).locator('ul[data-lane-id]').nth(lane);

/**
 * Picks up `from` and holds it over `to` with real pointer events, in small steps, as a person's
 * mouse would; the button stays down until `drop` is called.
 */
export async function dragOver(page: Page, from: Locator, to: Locator): Promise<{ drop: () => Promise<number> }> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('nothing to drag or nowhere to drop');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height - 8, { steps: 20 });
  return {
    drop: async () => {
      await page.mouse.up();
      return performance.now();
    },
  };
}

/** Drags `from` onto `to` and releases; returns when it released. */
export async function drag(page: Page, from: Locator, to: Locator): Promise<number> {
  return (await dragOver(page, from, to)).drop();
}
