import { ErrorCode, orderedColumns, type BoardState, type Rejection } from '@obeya/domain';
import { rejectionText } from './errors.ts';

/** The ids of the columns from `first` to `last` in board order, or null when `last` is not right of `first`. */
export function columnRun(board: BoardState, first: string, last: string): string[] | null {
  const columns = orderedColumns(board);
  const from = columns.findIndex((c) => c.id === first);
  const to = columns.findIndex((c) => c.id === last);
  return from < 0 || to <= from ? null : columns.slice(from, to + 1).map((c) => c.id);
}

export const RUN_ERROR = 'Pick a last column to the right of the first: a group spans two or more columns.';

/** Where a refused group change is told: next to the name, next to the columns, or for the form. */
export function groupErrors(rejection: Rejection): { name?: string; columns?: string; form?: string } {
  const fields = rejection.details?.fields;
  if (fields && typeof fields === 'object' && 'name' in fields)
    return { name: rejectionText(rejection, 'name', 'The name') };
  if (fields && typeof fields === 'object' && 'columnIds' in fields)
    return { columns: rejectionText(rejection, 'columnIds', 'A group') };
  if (rejection.code === ErrorCode.invalidWorkflow) return { columns: rejection.message };
  return { form: rejection.message };
}
