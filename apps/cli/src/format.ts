const DAY_MS = 86_400_000;

/** A duration in fractional days (M8: ms / 86 400 000). */
export function days(ms: number | null): string {
  return ms === null ? '–' : `${(ms / DAY_MS).toFixed(2)} d`;
}

/** A ratio as a percentage. */
export function percent(ratio: number | null): string {
  return ratio === null ? '–' : `${(ratio * 100).toFixed(1)} %`;
}

/** Rows as aligned columns: the first left-aligned, the others right-aligned (numbers) unless `textOnly`. */
export function table(rows: string[][], options: { indent?: string; textOnly?: boolean } = {}): string {
  const { indent = '  ', textOnly = false } = options;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const align = (cell: string, i: number) =>
    i === 0 || textOnly ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0);
  return rows.map((row) => (indent + row.map(align).join('  ')).trimEnd()).join('\n');
}

/** "1 card", "2 cards". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
