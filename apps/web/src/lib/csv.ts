/**
 * One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180), quotes doubled.
 * Text that a spreadsheet would run as a formula (a card titled "=HYPERLINK(…)") is prefixed with
 * an apostrophe, as OWASP advises against CSV injection; numbers are written as they are.
 */
function field(value: string | number): string {
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A table as CSV text: a header line, then one line per row, each ended by CRLF as RFC 4180 has it. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return [header, ...rows].map((row) => row.map(field).join(',') + '\r\n').join('');
}
