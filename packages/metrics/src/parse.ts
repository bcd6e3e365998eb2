import type { z } from 'zod';
import { csvRecords } from './csv.ts';
import { CardEventSchemas, CardEventType, Waste, WorkflowSchema } from './flow-log.ts';
import type { CardEvent, CardEventLine, FlowLog, Workflow } from './flow-log.ts';
import { parseInstant } from './instant.ts';

/** A problem with one line of a flow log; `line` is null for a problem with the whole file. */
export interface LineError {
  line: number | null;
  message: string;
}

export const FlowLogFormat = { jsonl: 'jsonl', csv: 'csv' } as const;
export type FlowLogFormat = (typeof FlowLogFormat)[keyof typeof FlowLogFormat];

export interface ParseOptions {
  /** The workflow given separately; it replaces a workflow line in the log. Required for CSV. */
  workflow?: Workflow;
  /** Drop invalid lines and report them in `skipped` instead of failing. */
  skipBadLines?: boolean;
  /** Detected from the first non-blank line when absent (`{` means JSON Lines). */
  format?: FlowLogFormat;
}

export type ParseResult = { ok: true; log: FlowLog; skipped: LineError[] } | { ok: false; errors: LineError[] };

/** The CSV header, in the order the format documents it (any order is accepted). */
export const CSV_COLUMNS = ['type', 'card', 'at', 'column', 'from', 'to', 'reason', 'waste', 'title'] as const;
const REQUIRED_CSV_COLUMNS = ['type', 'card', 'at'];
const TYPES = ['workflow', ...Object.values(CardEventType)].join(', ');

/** Parses and validates a flow log (JSON Lines or CSV); every invalid line is reported with its number. */
export function parseFlowLog(text: string, options: ParseOptions = {}): ParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const format = options.format ?? detectFormat(body);
  return format === FlowLogFormat.csv ? parseCsv(body, options) : parseJsonLines(body, options);
}

/** Parses a workflow given on its own (a JSON object, as the workflow line of a log). */
export function parseWorkflow(text: string): { ok: true; workflow: Workflow } | { ok: false; errors: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`invalid JSON: ${(error as Error).message}`] };
  }
  const r = WorkflowSchema.safeParse(value, { reportInput: true });
  return r.success ? { ok: true, workflow: r.data } : { ok: false, errors: r.error.issues.map(describeIssue) };
}

function detectFormat(text: string): FlowLogFormat {
  const first = /\S/.exec(text);
  return !first || first[0] === '{' ? FlowLogFormat.jsonl : FlowLogFormat.csv;
}

/** Collects events and line errors; the caller decides whether errors are fatal. */
class Collector {
  readonly events: CardEvent[] = [];
  readonly errors: LineError[] = [];
  /** Column ids, and every other repeated string, map to one shared instance: a big log repeats them a million times. */
  private columns = new Map<string, string>();
  private readonly strings = new Map<string, string>();

  constructor(public workflow: Workflow | null) {
    if (workflow) this.useWorkflow(workflow);
  }

  useWorkflow(workflow: Workflow): void {
    this.workflow = workflow;
    this.columns = new Map(workflow.columns.map((c) => [c.id, c.id]));
  }

  error(line: number | null, message: string): void {
    this.errors.push({ line, message });
  }

  cardEvent(line: number, value: Record<string, unknown>): void {
    const problem = this.validate(value);
    if (typeof problem === 'string') this.error(line, problem);
    else this.events.push(problem);
  }

  finish(skipBadLines: boolean): ParseResult {
    if (!this.workflow) {
      return {
        ok: false,
        errors: [{ line: null, message: 'no workflow: the log has none and none was given separately' }],
      };
    }
    if (this.errors.length > 0 && !skipBadLines) return { ok: false, errors: this.errors };
    return { ok: true, log: { workflow: this.workflow, events: this.events }, skipped: this.errors };
  }

  private validate(value: Record<string, unknown>): CardEvent | string {
    const type = value.type;
    if (type === undefined) return 'missing field "type"';
    const schema =
      typeof type === 'string' && Object.hasOwn(CardEventSchemas, type)
        ? CardEventSchemas[type as CardEventType]
        : undefined;
    if (!schema) {
      if (type === 'workflow') return 'a workflow line is only allowed as the first line';
      return `unknown type ${JSON.stringify(type)} (expected one of: ${TYPES})`;
    }
    const r = (schema as z.ZodType<CardEventLine>).safeParse(value);
    if (!r.success) {
      // Validate again with the input reported only on failure: it is what tells a missing field from a wrong one.
      const issues = schema.safeParse(value, { reportInput: true }).error?.issues ?? r.error.issues;
      return issues.map(describeIssue).join('; ');
    }
    const line = r.data;
    const at = parseInstant(line.at);
    if (at === null) return `bad timestamp "${line.at}": expected ISO-8601 with a zone, e.g. 2026-03-02T09:00:00Z`;
    return this.toEvent(line, at);
  }

  private toEvent(line: CardEventLine, at: number): CardEvent | string {
    const card = this.intern(line.card);
    switch (line.type) {
      case 'created': {
        const column = this.columns.get(line.column);
        if (column === undefined) return unknownColumns([line.column]);
        return { type: line.type, card, at, column, title: line.title ?? undefined };
      }
      case 'moved': {
        const to = this.columns.get(line.to);
        const from = line.from == null ? undefined : this.columns.get(line.from);
        if (to === undefined || (line.from != null && from === undefined)) {
          return unknownColumns([line.from, line.to].filter((c) => c != null && !this.columns.has(c)) as string[]);
        }
        return { type: line.type, card, at, from, to };
      }
      case 'blocked':
        return { type: line.type, card, at, reason: this.intern(line.reason), waste: line.waste ?? Waste.waiting };
      default:
        return { type: line.type, card, at };
    }
  }

  private intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }
}

function unknownColumns(ids: string[]): string {
  return ids.map((c) => `unknown column "${c}"`).join('; ');
}

function parseJsonLines(text: string, options: ParseOptions): ParseResult {
  const out = new Collector(options.workflow ?? null);
  let first = true;
  let lineNo = 0;
  for (let start = 0; start < text.length;) {
    const end = nextLineEnd(text, start);
    const raw = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      out.error(lineNo, `invalid JSON: ${(error as Error).message}`);
      first = false;
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.error(lineNo, 'expected a JSON object');
      first = false;
      continue;
    }
    const object = value as Record<string, unknown>;
    if (first && object.type === 'workflow') {
      first = false;
      if (options.workflow) continue;
      const r = WorkflowSchema.safeParse(object, { reportInput: true });
      if (!r.success) {
        return {
          ok: false,
          errors: r.error.issues.map((i) => ({ line: lineNo, message: `workflow: ${describeIssue(i)}` })),
        };
      }
      out.useWorkflow(r.data);
      continue;
    }
    if (!out.workflow) {
      const message =
        'the first line must be the workflow ({"type":"workflow",...}), or the workflow must be given separately';
      return { ok: false, errors: [...out.errors, { line: lineNo, message }] };
    }
    first = false;
    out.cardEvent(lineNo, object);
  }
  return out.finish(options.skipBadLines ?? false);
}

function nextLineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

function parseCsv(text: string, options: ParseOptions): ParseResult {
  if (!options.workflow) {
    return { ok: false, errors: [{ line: null, message: 'a CSV flow log needs the workflow given separately' }] };
  }
  const out = new Collector(options.workflow);
  let header: string[] | null = null;
  for (const record of csvRecords(text)) {
    if (record.fields.length === 1 && record.fields[0]?.trim() === '') continue;
    if (!header) {
      header = record.fields.map((f) => f.trim());
      const problems = headerProblems(header);
      if (problems.length > 0)
        return { ok: false, errors: problems.map((message) => ({ line: record.line, message })) };
      continue;
    }
    if (record.error) {
      out.error(record.line, record.error);
      continue;
    }
    if (record.fields.length > header.length) {
      out.error(record.line, `${record.fields.length} fields, but the header has ${header.length}`);
      continue;
    }
    const value: Record<string, unknown> = {};
    record.fields.forEach((field, k) => {
      if (field !== '') value[header?.[k] ?? ''] = field;
    });
    if (value.type === 'workflow') {
      out.error(record.line, 'a CSV flow log cannot hold the workflow: give it separately');
      continue;
    }
    out.cardEvent(record.line, value);
  }
  return out.finish(options.skipBadLines ?? false);
}

function headerProblems(header: string[]): string[] {
  const known = new Set<string>(CSV_COLUMNS);
  const problems = header
    .filter((name) => !known.has(name))
    .map((name) => `unknown CSV column "${name}" (the header is ${CSV_COLUMNS.join(',')})`);
  for (const name of REQUIRED_CSV_COLUMNS) {
    if (!header.includes(name)) problems.push(`the CSV header has no "${name}" column`);
  }
  return problems;
}

/** A zod issue as a person reads it: which field, and what is wrong with it. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join('.');
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing field "${field}"`;
  if (issue.code === 'custom') return issue.message;
  return field ? `field "${field}": ${issue.message}` : issue.message;
}
