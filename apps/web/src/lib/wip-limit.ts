/** Normalises a WIP limit from a number input: empty (null, undefined, '') means no limit. */
export function parseWipLimit(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}
