import {
  CommandSchemas,
  ErrorCode,
  orderedColumns,
  sleSettings,
  workflowPointsProblem,
  type BoardState,
  type ColumnKind,
  type CommandInput,
  type Rejection,
} from '@obeya/domain';

/** What the workflow settings form holds, as the person left it. */
export interface WorkflowDraft {
  /** Each column's kind, by column id. */
  kinds: Record<string, ColumnKind>;
  startColumnId: string | null;
  finishColumnId: string | null;
  /** Empty fields are null: the default percentile or window, no SLE set by hand. */
  slePercent: number | null;
  sleWindowDays: number | null;
  sleDays: number | null;
}

/** The fields the form can show a problem next to; `points` is the commitment/delivery pair, `form` the rest. */
export type WorkflowField = 'slePercent' | 'sleWindowDays' | 'sleDays' | 'points' | 'form';
export type WorkflowErrors = Partial<Record<WorkflowField, string>>;

/** The commands that carry out a draft: at most one `board:update`, one `column:update` per changed kind. */
export type WorkflowPlan =
  | { ok: true; board: CommandInput<'board:update'> | null; columns: Array<{ columnId: string; kind: ColumnKind }> }
  | { ok: false; errors: WorkflowErrors };

/** The subject of each field's sentence ("The percentile must be at most 99."). */
const subjects: Record<'slePercent' | 'sleWindowDays' | 'sleDays', string> = {
  slePercent: 'The percentile',
  sleWindowDays: 'The window',
  sleDays: 'The SLE',
};

/**
 * The board's settings as the form starts from them. Points not set show where work effectively
 * starts and finishes (the first and the last column); the SLE shows its percentile and window
 * with the defaults filled in.
 */
export function workflowDraft(board: BoardState): WorkflowDraft {
  const columns = orderedColumns(board);
  const { percent, windowDays } = sleSettings(board);
  return {
    kinds: Object.fromEntries(columns.map((c) => [c.id, c.kind])),
    startColumnId: board.startColumnId ?? columns[0]?.id ?? null,
    finishColumnId: board.finishColumnId ?? columns.at(-1)?.id ?? null,
    slePercent: percent,
    sleWindowDays: windowDays,
    sleDays: board.sleDays,
  };
}

/** A number field binds as null (or undefined) when empty. */
const orNull = (value: number | null | undefined): number | null => value ?? null;

/**
 * What to send to turn `initial` (the form as it opened) into `draft`, checked with the domain's
 * own schema and workflow rule against `board` (as it is now). Only what the person changed is
 * sent, so a change someone else made meanwhile is not undone.
 */
export function planWorkflow(board: BoardState, initial: WorkflowDraft, draft: WorkflowDraft): WorkflowPlan {
  const update: CommandInput<'board:update'> = {};
  if (draft.startColumnId !== initial.startColumnId) update.startColumnId = draft.startColumnId;
  if (draft.finishColumnId !== initial.finishColumnId) update.finishColumnId = draft.finishColumnId;
  for (const field of ['slePercent', 'sleWindowDays', 'sleDays'] as const) {
    const value = orNull(draft[field]);
    if (value !== initial[field]) update[field] = value;
  }
  const errors: WorkflowErrors = {};
  const parsed = CommandSchemas['board:update'].safeParse(update);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'slePercent' || field === 'sleWindowDays' || field === 'sleDays') {
        errors[field] ??= `${subjects[field]} ${issue.message}.`;
      } else errors.form ??= issue.message;
    }
  }
  const points = workflowPointsProblem(board, draft.startColumnId, draft.finishColumnId);
  if (points) errors.points = points.message;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const columns = orderedColumns(board).flatMap((c) => {
    const kind = draft.kinds[c.id];
    return kind !== undefined && kind !== initial.kinds[c.id] ? [{ columnId: c.id, kind }] : [];
  });
  return { ok: true, board: Object.keys(update).length > 0 ? update : null, columns };
}

/** A refusal from the server, next to the field it is about (its own words when no field is named). */
export function refusalErrors(rejection: Rejection): WorkflowErrors {
  if (rejection.code === ErrorCode.invalidWorkflow) return { points: rejection.message };
  const fields = rejection.details?.fields;
  const errors: WorkflowErrors = {};
  if (fields && typeof fields === 'object') {
    for (const [field, problem] of Object.entries(fields as Record<string, unknown>)) {
      if (typeof problem === 'string' && field in subjects) {
        const key = field as keyof typeof subjects;
        errors[key] = `${subjects[key]} ${problem}.`;
      }
    }
  }
  return Object.keys(errors).length > 0 ? errors : { form: rejection.message };
}
