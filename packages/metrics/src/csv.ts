/** One CSV record, with the line it starts on (quoted fields may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record is malformed, e.g. an unterminated quote. */
  error?: string;
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Splits CSV text into records as RFC 4180 writes them: commas inside quotes, quotes doubled, line breaks in quotes. */
export function* csvRecords(text: string): Generator<CsvRecord> {
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const record: CsvRecord = { line, fields: [] };
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        field = '';
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          const chunk = text.slice(i, q < 0 ? n : q);
          field += chunk;
          line += countLineFeeds(chunk);
          if (q < 0) {
            record.error ??= 'unterminated quoted field';
            i = n;
            break;
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        if (i < n && !isDelimiter(text.charCodeAt(i))) {
          record.error ??= 'unexpected text after a closing quote';
          while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
        }
      } else {
        let j = i;
        while (j < n && !isDelimiter(text.charCodeAt(j))) j++;
        field = text.slice(i, j);
        i = j;
      }
      record.fields.push(field);
      if (i >= n) break;
      if (text.charCodeAt(i) === COMMA) {
        i++;
        if (i >= n) record.fields.push('');
        continue;
      }
      if (text.charCodeAt(i) === CR) i++;
      if (text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    yield record;
  }
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}

function countLineFeeds(s: string): number {
  let count = 0;
  for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) count++;
  return count;
}
