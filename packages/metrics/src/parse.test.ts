import { describe, expect, it } from 'vitest';
import { parseInstant } from './instant.ts';
import { parseFlowLog, parseWorkflow } from './parse.ts';
import type { ParseResult } from './parse.ts';
import { ev, jsonl, workflowLine } from './test-helpers.ts';
import type { Line } from './test-helpers.ts';

function errorsOf(result: ParseResult) {
  if (result.ok) throw new Error('expected the log to be rejected');
  return result.errors;
}

function logOf(result: ParseResult) {
  if (!result.ok) throw new Error(`expected a valid log: ${JSON.stringify(result.errors)}`);
  return result.log;
}

const WORKFLOW_JSON = JSON.stringify(workflowLine());
const CSV_HEADER = 'type,card,at,column,from,to,reason,waste,title';

describe('flow log format', () => {
  it('F1 lines: blank lines, a byte-order mark and unknown fields are ignored; null means absent', () => {
    const text = `\uFEFF${WORKFLOW_JSON}\n\n   \n${JSON.stringify({ ...ev.created('c1', '03-02T09:00', 'backlog'), extra: 1, title: null })}\r\n`;
    const log = logOf(parseFlowLog(text));
    expect(log.events).toEqual([{ type: 'created', card: 'c1', at: Date.UTC(2026, 2, 2, 9), column: 'backlog' }]);
  });

  it('F2 workflow: name defaults to the id, timeZone to UTC', () => {
    const result = parseWorkflow(
      JSON.stringify({
        columns: [
          { id: 'a', kind: 'queue' },
          { id: 'b', kind: 'active' },
        ],
        start: 'a',
        finish: 'b',
      }),
    );
    expect(result).toEqual({
      ok: true,
      workflow: {
        columns: [
          { id: 'a', name: 'a', kind: 'queue' },
          { id: 'b', name: 'b', kind: 'active' },
        ],
        start: 'a',
        finish: 'b',
        timeZone: 'UTC',
      },
    });
  });

  it('F2 workflow: duplicate ids, unknown start/finish, start right of finish and unknown zones are rejected', () => {
    const bad = (overrides: Line) => parseWorkflow(JSON.stringify(workflowLine(overrides)));
    expect(bad({ start: 'done', finish: 'ready' })).toEqual({
      ok: false,
      errors: ['start "done" is right of finish "ready"'],
    });
    expect(bad({ start: 'nope' })).toEqual({ ok: false, errors: ['start "nope" is not a column'] });
    expect(bad({ timeZone: 'Mars/Olympus' })).toEqual({
      ok: false,
      errors: ['unknown time zone "Mars/Olympus"'],
    });
    const columns = [
      { id: 'a', kind: 'queue' },
      { id: 'a', kind: 'active' },
    ];
    expect(bad({ columns, start: 'a', finish: 'a' })).toEqual({ ok: false, errors: ['duplicate column id "a"'] });
    expect(bad({ columns: [{ id: 'a', kind: 'busy' }], start: 'a', finish: 'a' })).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('field "columns.0.kind"')],
    });
  });

  it('F2 workflow: a workflow given separately replaces the log line; a second workflow line is an error', () => {
    const given = parseWorkflow(JSON.stringify(workflowLine({ timeZone: 'Europe/Berlin' })));
    if (!given.ok) throw new Error('workflow');
    const log = logOf(parseFlowLog(jsonl([workflowLine(), ev.created('c1', '03-02T09:00', 'backlog')]), given));
    expect(log.workflow.timeZone).toBe('Europe/Berlin');

    const errors = errorsOf(
      parseFlowLog(jsonl([workflowLine(), ev.created('c1', '03-02T09:00', 'backlog'), workflowLine()])),
    );
    expect(errors).toEqual([{ line: 3, message: 'a workflow line is only allowed as the first line' }]);
  });

  it('F2 workflow: a log that does not start with one, and has none given, is rejected as a whole', () => {
    const errors = errorsOf(parseFlowLog(jsonl([ev.created('c1', '03-02T09:00', 'backlog')]), { skipBadLines: true }));
    expect(errors).toEqual([{ line: 1, message: expect.stringContaining('the first line must be the workflow') }]);
    expect(errorsOf(parseFlowLog(''))).toEqual([{ line: null, message: expect.stringContaining('no workflow') }]);
  });

  it('F3 card events: every type is read, timestamps with offsets become UTC milliseconds', () => {
    const log = logOf(
      parseFlowLog(
        jsonl([
          workflowLine(),
          { type: 'created', card: 'c1', at: '2026-03-02T10:00+01:00', column: 'backlog', title: 'Invoice export' },
          { type: 'moved', card: 'c1', at: '2026-03-03T10:15:00.250Z', from: 'backlog', to: 'doing' },
          { type: 'blocked', card: 'c1', at: '2026-03-03T08:00:00-05:00', reason: 'vendor', waste: 'motion' },
          { type: 'unblocked', card: 'c1', at: '2026-03-04T09:00:00.123456789Z' },
          { type: 'archived', card: 'c1', at: '2026-03-09T17:00:00Z' },
          { type: 'deleted', card: 'c2', at: '2026-03-05T08:00:00Z' },
        ]),
      ),
    );
    expect(log.events).toEqual([
      { type: 'created', card: 'c1', at: Date.UTC(2026, 2, 2, 9), column: 'backlog', title: 'Invoice export' },
      { type: 'moved', card: 'c1', at: Date.UTC(2026, 2, 3, 10, 15, 0, 250), from: 'backlog', to: 'doing' },
      { type: 'blocked', card: 'c1', at: Date.UTC(2026, 2, 3, 13), reason: 'vendor', waste: 'motion' },
      { type: 'unblocked', card: 'c1', at: Date.UTC(2026, 2, 4, 9, 0, 0, 123) },
      { type: 'archived', card: 'c1', at: Date.UTC(2026, 2, 9, 17) },
      { type: 'deleted', card: 'c2', at: Date.UTC(2026, 2, 5, 8) },
    ]);
  });

  it('F3 card events: timestamps need a zone and a real date and time', () => {
    for (const bad of [
      '2026-03-02T09:00:00',
      '2026-03-02',
      '2026-02-30T09:00:00Z',
      '2026-03-02T24:00:00Z',
      '2026-03-02T09:60:00Z',
      '2026-03-02T09:00:00+0100',
      '2026-03-02 09:00:00Z',
      'yesterday',
    ]) {
      expect(parseInstant(bad), bad).toBeNull();
    }
    expect(parseInstant('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(parseInstant('2026-03-29T02:30:00+02:00')).toBe(Date.UTC(2026, 2, 29, 0, 30));
  });

  it('F5 waste: absent means waiting; an unknown waste is an error', () => {
    const log = logOf(parseFlowLog(jsonl([workflowLine(), ev.blocked('c1', '03-02T09:00', 'vendor')])));
    expect(log.events[0]).toMatchObject({ reason: 'vendor', waste: 'waiting' });
    const errors = errorsOf(
      parseFlowLog(jsonl([workflowLine(), ev.blocked('c1', '03-02T09:00', 'vendor', 'laziness')])),
    );
    expect(errors).toEqual([{ line: 2, message: expect.stringMatching(/^field "waste": .*extra-processing/) }]);
  });

  it('F8 errors: every bad line is named with its number and its problem, and nothing is returned', () => {
    const text = [
      WORKFLOW_JSON,
      JSON.stringify(ev.created('c1', '03-02T09:00', 'backlog')),
      '{"type":"created","card":"c2","at":"2026-03-02T09:00:00Z"',
      '[1,2]',
      '{"type":"renamed","card":"c1","at":"2026-03-02T09:00:00Z"}',
      '{"card":"c1","at":"2026-03-02T09:00:00Z"}',
      '{"type":"moved","card":"c1","at":"2026-03-02T09:00:00Z"}',
      '{"type":"moved","card":"c1","at":"2026-03-02 09:00","to":"doing"}',
      '{"type":"moved","card":"c1","at":"2026-03-02T09:00:00Z","from":"limbo","to":"heaven"}',
      '{"type":"created","card":"","at":"2026-03-02T09:00:00Z","column":"backlog"}',
      '{"type":"unblocked","card":7,"at":"2026-03-02T09:00:00Z"}',
      '',
      JSON.stringify(ev.moved('c1', '03-03T09:00', 'doing')),
    ].join('\n');
    expect(errorsOf(parseFlowLog(text))).toEqual([
      { line: 3, message: expect.stringMatching(/^invalid JSON: /) },
      { line: 4, message: 'expected a JSON object' },
      {
        line: 5,
        message:
          'unknown type "renamed" (expected one of: workflow, created, moved, blocked, unblocked, archived, deleted)',
      },
      { line: 6, message: 'missing field "type"' },
      { line: 7, message: 'missing field "to"' },
      {
        line: 8,
        message: 'bad timestamp "2026-03-02 09:00": expected ISO-8601 with a zone, e.g. 2026-03-02T09:00:00Z',
      },
      { line: 9, message: 'unknown column "limbo"; unknown column "heaven"' },
      { line: 10, message: 'field "card": must not be empty' },
      { line: 11, message: 'field "card": Invalid input: expected string, received number' },
    ]);
  });

  it('F8 errors: with skipBadLines the good lines are kept and the bad ones reported as skipped', () => {
    const text = jsonl([
      workflowLine(),
      ev.created('c1', '03-02T09:00', 'backlog'),
      ev.moved('c1', '03-03T09:00', 'nowhere'),
      ev.moved('c1', '03-04T09:00', 'doing'),
    ]);
    const result = parseFlowLog(text, { skipBadLines: true });
    expect(result).toMatchObject({ ok: true, skipped: [{ line: 3, message: 'unknown column "nowhere"' }] });
    expect(logOf(result).events.map((e) => e.type)).toEqual(['created', 'moved']);
  });

  it('F8 errors: an invalid workflow line is fatal even when skipping bad lines', () => {
    const errors = errorsOf(parseFlowLog(jsonl([workflowLine({ finish: 'shipped' })]), { skipBadLines: true }));
    expect(errors).toEqual([{ line: 1, message: 'workflow: finish "shipped" is not a column' }]);
  });
});

describe('CSV', () => {
  const workflow = (() => {
    const r = parseWorkflow(WORKFLOW_JSON);
    if (!r.ok) throw new Error('workflow');
    return r.workflow;
  })();

  it('F9 CSV: the header names the fields; quotes hold commas, quotes and line breaks; empty means absent', () => {
    const text = [
      CSV_HEADER,
      'created,c1,2026-03-02T09:00:00Z,backlog,,,,,"Export, ""fast"" version',
      'second line of the title"',
      'moved,c1,2026-03-03T10:15:00Z,,backlog,doing,,,',
      'blocked,c1,2026-03-03T13:00:00Z,,,,waiting for vendor,,',
      '',
    ].join('\r\n');
    const log = logOf(parseFlowLog(text, { workflow }));
    expect(log.events).toEqual([
      {
        type: 'created',
        card: 'c1',
        at: Date.UTC(2026, 2, 2, 9),
        column: 'backlog',
        title: 'Export, "fast" version\r\nsecond line of the title',
      },
      { type: 'moved', card: 'c1', at: Date.UTC(2026, 2, 3, 10, 15), from: 'backlog', to: 'doing' },
      { type: 'blocked', card: 'c1', at: Date.UTC(2026, 2, 3, 13), reason: 'waiting for vendor', waste: 'waiting' },
    ]);
  });

  it('F9 CSV: columns may come in any order and trailing empty fields may be left out', () => {
    const text = 'card,type,at,to\nc1,moved,2026-03-03T10:15:00Z,doing\n';
    expect(logOf(parseFlowLog(text, { workflow })).events).toEqual([
      { type: 'moved', card: 'c1', at: Date.UTC(2026, 2, 3, 10, 15), from: undefined, to: 'doing' },
    ]);
  });

  it('F9 CSV: errors name the line a record starts on', () => {
    const text = [
      CSV_HEADER,
      'created,c1,2026-03-02T09:00:00Z,backlog,,,,,"two',
      'lines"',
      'moved,c1,2026-03-03T10:15:00Z,,backlog,,,,',
      'workflow,,,,,,,,',
      'moved,c1,2026-03-03T10:15:00Z,,backlog,doing,,,,extra',
      'created,c2,2026-03-02T09:00:00Z,backlog,,,,,"open',
    ].join('\n');
    expect(errorsOf(parseFlowLog(text, { workflow }))).toEqual([
      { line: 4, message: 'missing field "to"' },
      { line: 5, message: 'a CSV flow log cannot hold the workflow: give it separately' },
      { line: 6, message: '10 fields, but the header has 9' },
      { line: 7, message: 'unterminated quoted field' },
    ]);
  });

  it('F9 CSV: the workflow must be given separately, and the header must be known', () => {
    expect(errorsOf(parseFlowLog(`${CSV_HEADER}\n`))).toEqual([
      { line: null, message: 'a CSV flow log needs the workflow given separately' },
    ]);
    expect(errorsOf(parseFlowLog('type,card,when\n', { workflow }))).toEqual([
      { line: 1, message: 'unknown CSV column "when" (the header is type,card,at,column,from,to,reason,waste,title)' },
      { line: 1, message: 'the CSV header has no "at" column' },
    ]);
  });
});
