import { z } from 'zod';
import {
  BlockerReasonSchema,
  ColumnKindSchema,
  DueDateSchema,
  IdSchema,
  LabelsSchema,
  LimitScopeSchema,
  NameSchema,
  ReasonSchema,
  SleDaysSchema,
  SlePercentSchema,
  SleWindowDaysSchema,
  TitleSchema,
  WipLimitSchema,
  WasteSchema,
  WipModeSchema,
} from './model.ts';

/** Adjacent columns a group spans, left to right. */
const GroupColumnsSchema = z.array(IdSchema).min(2, 'must name at least two columns').max(30);

/** Payload of each command, without its envelope (operation id and board id). */
export const CommandSchemas = {
  /** Fields left out stay as they are; `null` clears a setting (the SLE percentile and window: back to the default). */
  'board:update': z
    .object({
      name: NameSchema.optional(),
      startColumnId: IdSchema.nullable().optional(),
      sleDays: SleDaysSchema.nullable().optional(),
      slePercent: SlePercentSchema.nullable().optional(),
      sleWindowDays: SleWindowDaysSchema.nullable().optional(),
      finishColumnId: IdSchema.nullable().optional(),
    })
    .strict(),
  'column:create': z
    .object({
      name: NameSchema,
      kind: ColumnKindSchema.default('queue'),
      wipLimit: WipLimitSchema.default(null),
      afterColumnId: IdSchema.optional(),
    })
    .strict(),
  'column:update': z
    .object({
      columnId: IdSchema,
      name: NameSchema.optional(),
      kind: ColumnKindSchema.optional(),
    })
    .strict(),
  'lane:create': z.object({ name: NameSchema }).strict(),
  'lane:update': z.object({ laneId: IdSchema, name: NameSchema }).strict(),
  /** Set (`max`) or remove (`max: null`) the WIP limit of one scope. */
  'limit:set': z.object({ scope: LimitScopeSchema, max: WipLimitSchema, mode: WipModeSchema.default('hard') }).strict(),
  'group:create': z.object({ name: NameSchema, columnIds: GroupColumnsSchema }).strict(),
  'group:update': z
    .object({ groupId: IdSchema, name: NameSchema.optional(), columnIds: GroupColumnsSchema.optional() })
    .strict(),
  'group:delete': z.object({ groupId: IdSchema }).strict(),
  /** `reason` is needed only when the card would go over a soft limit. */
  'card:create': z
    .object({ title: TitleSchema, columnId: IdSchema, laneId: IdSchema.optional(), reason: ReasonSchema.optional() })
    .strict(),
  /** Fields left out stay as they are; `due: null` clears the due date. */
  'card:update': z
    .object({
      cardId: IdSchema,
      title: TitleSchema.optional(),
      due: DueDateSchema.nullable().optional(),
      labels: LabelsSchema.optional(),
    })
    .strict(),
  'card:move': z
    .object({
      cardId: IdSchema,
      toColumnId: IdSchema,
      toLaneId: IdSchema.optional(),
      /** The card that will sit right below the moved card. */
      beforeCardId: IdSchema.optional(),
      /** The card that will sit right above the moved card. */
      afterCardId: IdSchema.optional(),
      /** Why the card goes over a soft limit; needed only then. */
      reason: ReasonSchema.optional(),
    })
    .strict(),
  /** Set who works on a card (board members, by user id). */
  'card:assign': z
    .object({ cardId: IdSchema, assignees: z.array(IdSchema).max(20), reason: ReasonSchema.optional() })
    .strict(),
  'card:archive': z.object({ cardId: IdSchema }).strict(),
  /** Mark a card blocked (again, with a new reason, if it already is). Waiting is the default waste. */
  'card:block': z
    .object({ cardId: IdSchema, reason: BlockerReasonSchema, waste: WasteSchema.default('waiting') })
    .strict(),
  'card:unblock': z.object({ cardId: IdSchema }).strict(),
} as const;

export type CommandName = keyof typeof CommandSchemas;
export const commandNames = Object.keys(CommandSchemas) as CommandName[];
export type CommandPayload<N extends CommandName> = z.output<(typeof CommandSchemas)[N]>;
export type CommandInput<N extends CommandName> = z.input<(typeof CommandSchemas)[N]>;

/** A parsed command, tagged with its name. */
export type Command = { [N in CommandName]: { type: N } & CommandPayload<N> }[CommandName];

/** Identifies one attempt of one command, so a retry is applied at most once. */
export const OperationIdSchema = z.string().min(8).max(64);

export const EnvelopeSchema = z.object({ opId: OperationIdSchema, boardId: IdSchema });
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** True when deciding the command needs the board's members (`DecisionContext.members`). */
export function needsMembers(command: Command): boolean {
  return command.type === 'card:assign' || (command.type === 'limit:set' && command.scope.kind === 'person');
}

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(CommandSchemas, name);
}
