import { describe, expect, it } from 'vitest';
import { CommandSchemas, type CommandInput } from './commands.ts';
import { decide } from './decide.ts';
import { evolveAll } from './evolve.ts';
import { sleSettings, type BoardState } from './model.ts';
import { testBoard, testContext } from './test-board.ts';

function update(board: BoardState, fields: CommandInput<'board:update'>) {
  return decide(board, { type: 'board:update', ...CommandSchemas['board:update'].parse(fields) }, testContext());
}

/** The first problem zod finds with a `board:update` payload, as "field: message". */
function problem(fields: Record<string, unknown>): string {
  const parsed = CommandSchemas['board:update'].safeParse(fields);
  if (parsed.success) return 'valid';
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('board:update: the SLE percentile and window', () => {
  it('a board that set neither takes the SLE at the 85th percentile of the last 90 days', () => {
    expect(sleSettings(testBoard())).toEqual({ percent: 85, windowDays: 90 });
  });

  it('sets the percentile and the window, and every reader of the board gets them', () => {
    const board = testBoard();
    const d = update(board, { slePercent: 70, sleWindowDays: 30 });
    expect(d).toEqual({
      ok: true,
      events: [{ type: 'board.updated', changes: { slePercent: 70, sleWindowDays: 30 } }],
    });
    const after = evolveAll(board, d.ok ? d.events : []);
    expect(sleSettings(after)).toEqual({ percent: 70, windowDays: 30 });
  });

  it('null puts a setting back to its default', () => {
    const board = { ...testBoard(), slePercent: 70, sleWindowDays: 30 };
    const d = update(board, { slePercent: null });
    expect(d.ok && d.events).toEqual([{ type: 'board.updated', changes: { slePercent: null } }]);
    expect(sleSettings(evolveAll(board, d.ok ? d.events : []))).toEqual({ percent: 85, windowDays: 30 });
  });

  it('records only what changed, and nothing when nothing did', () => {
    const board = { ...testBoard(), slePercent: 70, sleDays: 5 };
    expect(update(board, { slePercent: 70, sleWindowDays: null, sleDays: 5, startColumnId: 'ready' })).toEqual({
      ok: true,
      events: [],
    });
    const d = update(board, { slePercent: 70, sleWindowDays: 60, name: 'Team' });
    expect(d.ok && d.events).toEqual([{ type: 'board.updated', changes: { sleWindowDays: 60 } }]);
  });

  it('refuses a percentile outside 50–99 or not whole, and a window outside 7–365 days, saying which and why', () => {
    expect(problem({ slePercent: 50, sleWindowDays: 7 })).toBe('valid');
    expect(problem({ slePercent: 99, sleWindowDays: 365 })).toBe('valid');
    expect(problem({ slePercent: 49 })).toBe('slePercent: must be at least 50');
    expect(problem({ slePercent: 100 })).toBe('slePercent: must be at most 99');
    expect(problem({ slePercent: 85.5 })).toBe('slePercent: must be a whole number');
    expect(problem({ sleWindowDays: 6 })).toBe('sleWindowDays: must be at least 7 days');
    expect(problem({ sleWindowDays: 366 })).toBe('sleWindowDays: must be at most 365 days');
    expect(problem({ sleWindowDays: 1.5 })).toBe('sleWindowDays: must be a whole number of days');
    expect(problem({ sleWindowDays: '30' })).toBe('sleWindowDays: must be a whole number of days');
  });
});

describe('board:update: the commitment and delivery points', () => {
  it('moves both points in one update', () => {
    const board = testBoard();
    const d = update(board, { startColumnId: 'doing', finishColumnId: 'review' });
    expect(d.ok && d.events).toEqual([
      { type: 'board.updated', changes: { startColumnId: 'doing', finishColumnId: 'review' } },
    ]);
  });

  it('may put both on one column: work is finished as soon as it starts', () => {
    expect(update(testBoard(), { startColumnId: 'done' }).ok).toBe(true);
  });

  it('refuses a commitment point moved right of the delivery point the board has, and changes nothing', () => {
    const d = update(testBoard(), { startColumnId: 'done', finishColumnId: 'review', slePercent: 70 });
    expect(d).toEqual({
      ok: false,
      rejection: {
        code: 'INVALID_WORKFLOW',
        message: 'The commitment point must not be right of the delivery point.',
        details: { startColumnId: 'done', finishColumnId: 'review' },
      },
    });
    expect(update(testBoard(), { finishColumnId: 'backlog' })).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_WORKFLOW' },
    });
  });

  it('refuses a point on a column the board does not have', () => {
    expect(update(testBoard(), { startColumnId: 'gone' })).toMatchObject({
      ok: false,
      rejection: { code: 'NOT_FOUND', details: { columnId: 'gone' } },
    });
  });
});
