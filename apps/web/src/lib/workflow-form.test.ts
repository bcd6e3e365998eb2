import { emptyBoard, ErrorCode, type BoardState } from '@obeya/domain';
import { describe, expect, it } from 'vitest';
import { planWorkflow, refusalErrors, workflowDraft, type WorkflowDraft } from './workflow-form.ts';

const board: BoardState = {
  ...emptyBoard,
  id: 'b',
  name: 'Team',
  startColumnId: 'ready',
  finishColumnId: 'done',
  columns: ['backlog', 'ready', 'doing', 'done'].map((id, i) => ({ id, name: id, kind: 'queue', rank: `a${i}` })),
};

function edit(changes: Partial<WorkflowDraft>, on: BoardState = board) {
  const initial = workflowDraft(on);
  return planWorkflow(on, initial, { ...initial, ...changes, kinds: { ...initial.kinds, ...changes.kinds } });
}

describe('the workflow settings form', () => {
  it('starts from the board, the SLE with its default percentile and window, points not set where work effectively is', () => {
    expect(workflowDraft(board)).toMatchObject({ startColumnId: 'ready', slePercent: 85, sleWindowDays: 90 });
    const unset = workflowDraft({ ...board, startColumnId: null, finishColumnId: null, slePercent: 70 });
    expect(unset).toMatchObject({ startColumnId: 'backlog', finishColumnId: 'done', slePercent: 70 });
  });

  it('sends nothing when nothing changed', () => {
    expect(edit({})).toEqual({ ok: true, board: null, columns: [] });
  });

  it('sends one board update with what changed and one column update per changed kind', () => {
    expect(edit({ startColumnId: 'doing', slePercent: 70, kinds: { doing: 'active' } })).toEqual({
      ok: true,
      board: { startColumnId: 'doing', slePercent: 70 },
      columns: [{ columnId: 'doing', kind: 'active' }],
    });
  });

  it('an emptied field goes back to the default (or no SLE set by hand)', () => {
    const set = { ...board, slePercent: 70, sleDays: 4 };
    expect(edit({ slePercent: null, sleDays: undefined as unknown as null }, set)).toEqual({
      ok: true,
      board: { slePercent: null, sleDays: null },
      columns: [],
    });
  });

  it('checks with the domain’s schemas and says what is wrong, field by field', () => {
    expect(edit({ slePercent: 100, sleWindowDays: 3, sleDays: 0 })).toEqual({
      ok: false,
      errors: {
        slePercent: 'The percentile must be at most 99.',
        sleWindowDays: 'The window must be at least 7 days.',
        sleDays: 'The SLE must be at least 1 day.',
      },
    });
  });

  it('refuses a commitment point right of the delivery point, as the server would', () => {
    expect(edit({ startColumnId: 'done', finishColumnId: 'doing' })).toEqual({
      ok: false,
      errors: { points: 'The commitment point must not be right of the delivery point.' },
    });
  });

  it('puts the server’s refusal next to its field, or says it for the whole form', () => {
    const invalid = {
      code: ErrorCode.invalidPayload,
      message: 'Invalid board: slePercent: must be at most 99',
      details: { fields: { slePercent: 'must be at most 99' } },
    };
    expect(refusalErrors(invalid)).toEqual({ slePercent: 'The percentile must be at most 99.' });
    expect(refusalErrors({ code: ErrorCode.invalidWorkflow, message: 'Not right of it.' })).toEqual({
      points: 'Not right of it.',
    });
    expect(refusalErrors({ code: ErrorCode.forbidden, message: 'Only admins.' })).toEqual({ form: 'Only admins.' });
  });
});
