import { generateKeyBetween } from 'fractional-indexing';

/**
 * A rank strictly between `below` and `above` (either may be null for an open end). If a
 * corrupted order leaves no room between them, the new rank goes after `below`: the card still
 * lands next to its requested neighbour and ids break any tie.
 */
export function rankBetween(below: string | null, above: string | null): string {
  if (below !== null && above !== null && below >= above) return generateKeyBetween(below, null);
  return generateKeyBetween(below, above);
}

/** A rank after every given rank. */
export function rankAfterAll(ranks: readonly string[]): string {
  let max: string | null = null;
  for (const r of ranks) if (max === null || r > max) max = r;
  return generateKeyBetween(max, null);
}
