import { z } from 'zod';
import { isTimeZone } from './time-zone.ts';

export const ColumnKind = { active: 'active', queue: 'queue' } as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];

/** The eight wastes of lean, as blocked events name them. */
export const Waste = {
  defects: 'defects',
  overproduction: 'overproduction',
  waiting: 'waiting',
  nonUtilizedTalent: 'non-utilized-talent',
  transportation: 'transportation',
  inventory: 'inventory',
  motion: 'motion',
  extraProcessing: 'extra-processing',
} as const;
export type Waste = (typeof Waste)[keyof typeof Waste];
const WASTES = Object.values(Waste) as [Waste, ...Waste[]];
export const WasteSchema = z.enum(WASTES);

export const CardEventType = {
  created: 'created',
  moved: 'moved',
  blocked: 'blocked',
  unblocked: 'unblocked',
  archived: 'archived',
  deleted: 'deleted',
} as const;
export type CardEventType = (typeof CardEventType)[keyof typeof CardEventType];

const Id = z.string().min(1, 'must not be empty');

export const FlowColumnSchema = z.object({
  id: Id,
  name: z.string().nullish(),
  kind: z.enum([ColumnKind.active, ColumnKind.queue]),
});

export const WorkflowSchema = z
  .object({
    type: z.literal('workflow').optional(),
    columns: z.array(FlowColumnSchema).min(1, 'must list at least one column'),
    start: Id,
    finish: Id,
    timeZone: z
      .string()
      .refine(isTimeZone, { error: (issue) => `unknown time zone "${String(issue.input)}"` })
      .default('UTC'),
  })
  .check((ctx) => {
    const w = ctx.value;
    const ids = w.columns.map((c) => c.id);
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) ctx.issues.push({ code: 'custom', message: `duplicate column id "${id}"`, input: w });
      seen.add(id);
    }
    const s = ids.indexOf(w.start);
    const f = ids.indexOf(w.finish);
    if (s < 0) ctx.issues.push({ code: 'custom', message: `start "${w.start}" is not a column`, input: w });
    if (f < 0) ctx.issues.push({ code: 'custom', message: `finish "${w.finish}" is not a column`, input: w });
    if (s >= 0 && f >= 0 && s > f) {
      ctx.issues.push({ code: 'custom', message: `start "${w.start}" is right of finish "${w.finish}"`, input: w });
    }
  })
  .transform((w) => ({
    columns: w.columns.map((c) => ({ id: c.id, name: c.name ?? c.id, kind: c.kind })),
    start: w.start,
    finish: w.finish,
    timeZone: w.timeZone,
  }));
export type Workflow = z.output<typeof WorkflowSchema>;
export type FlowColumn = Workflow['columns'][number];

// Timestamps are checked as strings here and read after validation (see parse.ts): a zod transform per line
// costs more than the rest of the line's validation.
const base = { card: Id, at: z.string() };

export const CreatedSchema = z.object({
  type: z.literal(CardEventType.created),
  ...base,
  column: Id,
  title: z.string().nullish(),
});
export const MovedSchema = z.object({ type: z.literal(CardEventType.moved), ...base, from: Id.nullish(), to: Id });
export const BlockedSchema = z.object({
  type: z.literal(CardEventType.blocked),
  ...base,
  reason: Id,
  waste: WasteSchema.nullish(),
});
export const UnblockedSchema = z.object({ type: z.literal(CardEventType.unblocked), ...base });
export const ArchivedSchema = z.object({ type: z.literal(CardEventType.archived), ...base });
export const DeletedSchema = z.object({ type: z.literal(CardEventType.deleted), ...base });

/** One schema per card event type, so an unknown type gets its own message rather than a union's. */
export const CardEventSchemas = {
  created: CreatedSchema,
  moved: MovedSchema,
  blocked: BlockedSchema,
  unblocked: UnblockedSchema,
  archived: ArchivedSchema,
  deleted: DeletedSchema,
} as const;

/** A card event line as validated, before its timestamp is read. */
export type CardEventLine = z.output<(typeof CardEventSchemas)[CardEventType]>;

/** A validated card event: `at` in milliseconds since the epoch, a blocker's `waste` defaulted. */
export type CardEvent = CardEventLine extends infer E
  ? E extends { type: 'blocked' }
    ? Omit<E, 'at' | 'waste'> & { at: number; waste: Waste }
    : Omit<E, 'at'> & { at: number }
  : never;

/** A parsed flow log: the workflow and the card events in file order. */
export interface FlowLog {
  workflow: Workflow;
  events: CardEvent[];
}
