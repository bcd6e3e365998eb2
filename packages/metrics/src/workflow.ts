import { ColumnKind } from './flow-log.ts';
import type { Workflow } from './flow-log.ts';

/** A workflow prepared for computing: columns by position, so every later step compares integers. */
export interface Flow {
  readonly workflow: Workflow;
  readonly columnIds: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Position of the commitment point (S). */
  readonly start: number;
  /** Position of the delivery point (F). */
  readonly finish: number;
  readonly active: readonly boolean[];
  readonly timeZone: string;
}

/** Prepares a validated workflow for computing. */
export function compileFlow(workflow: Workflow): Flow {
  const columnIds = workflow.columns.map((c) => c.id);
  const index = new Map(columnIds.map((id, i) => [id, i]));
  return {
    workflow,
    columnIds,
    index,
    start: index.get(workflow.start) ?? 0,
    finish: index.get(workflow.finish) ?? columnIds.length - 1,
    active: workflow.columns.map((c) => c.kind === ColumnKind.active),
    timeZone: workflow.timeZone,
  };
}
