import { WasteSchema, type Waste } from '@obeya/metrics';
import { z } from 'zod';

/** Identifiers are opaque strings chosen by the server (UUIDs in practice). */
export const IdSchema = z.string().min(1).max(64);

export const ColumnKind = { queue: 'queue', active: 'active' } as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];
export const ColumnKindSchema = z.enum([ColumnKind.queue, ColumnKind.active]);

export const NameSchema = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');
export const TitleSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
/** A WIP limit is a positive whole number; null means "no limit". */
export const WipLimitSchema = z.number().int().min(1, 'must be at least 1').max(999, 'must be at most 999').nullable();
/** An SLE set by hand: whole days, up to a year. */
export const SleDaysSchema = z
  .number({ error: 'must be a whole number of days' })
  .int('must be a whole number of days')
  .min(1, 'must be at least 1 day')
  .max(365, 'must be at most 365 days');
/**
 * The cycle-time percentile the SLE is taken at (M17). Below 50 most cards would miss their own
 * "expectation", so it would no longer tell anyone what to expect; 100 would let the single slowest
 * card set it, which is what a percentile is there to avoid.
 */
export const SlePercentSchema = z
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(50, 'must be at least 50')
  .max(99, 'must be at most 99');
/**
 * How many days of finished work the SLE is taken from (M17). At least a week, so every weekday is
 * in it once; at most a year, beyond which the cards were finished by a different team and process.
 */
export const SleWindowDaysSchema = z
  .number({ error: 'must be a whole number of days' })
  .int('must be a whole number of days')
  .min(7, 'must be at least 7 days')
  .max(365, 'must be at most 365 days');
/** The SLE's percentile when the board has not set its own (flow-metrics M17). */
export const DEFAULT_SLE_PERCENT = 85;
/** The SLE's window in days when the board has not set its own (flow-metrics M17). */
export const DEFAULT_SLE_WINDOW_DAYS = 90;
/** Why a card goes over a soft limit, typed by the person moving it. */
/** A calendar day, `YYYY-MM-DD`, that exists. */
export const DueDateSchema = z.iso.date('must be a date like 2026-12-31');

export const LabelSchema = z.string().trim().min(1, 'must not be empty').max(30, 'must be at most 30 characters');
/** A card's labels: at most 10, each once (compared without regard to case). */
export const LabelsSchema = z
  .array(LabelSchema)
  .max(10, 'must be at most 10 labels')
  .refine((labels) => new Set(labels.map((l) => l.toLowerCase())).size === labels.length, 'must not repeat a label');

export const ReasonSchema = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');

export const ColumnSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  kind: ColumnKindSchema,
  rank: z.string(),
});
export type Column = z.infer<typeof ColumnSchema>;

export const LaneSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  rank: z.string(),
});
export type Lane = z.infer<typeof LaneSchema>;

/** Why a card is blocked: the words of the person who blocked it, and one of the eight wastes. */
export const BlockerReasonSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');
export { WasteSchema, type Waste };

/** A card's current blocker; every blocked interval is kept in the event log. */
export interface Blocker {
  reason: string;
  waste: Waste;
  /** When this blocked interval began. */
  since: string;
  by: Person;
}

export const CardSchema = z.object({
  id: IdSchema,
  title: TitleSchema,
  columnId: IdSchema,
  laneId: IdSchema,
  rank: z.string(),
  createdAt: z.string(),
  /** Board members working on the card, by user id. */
  assignees: z.array(IdSchema),
});
export type Card = z.infer<typeof CardSchema> & {
  /** Set while the card is blocked; blocked cards still count against every WIP limit. */
  blocked: Blocker | null;
  /** The day it is due (`YYYY-MM-DD`); absent or null: none. */
  due?: string | null;
  /** Absent on cards made before labels existed: none. */
  labels?: string[];
};

/** A named run of adjacent columns that shares one WIP limit (e.g. "Development" = Doing + Review). */
export interface ColumnGroup {
  id: string;
  name: string;
  columnIds: string[];
}

/** A board member as the board document names them (set by the server from their account). */
export interface Person {
  id: string;
  name: string;
}

/** Someone acting on the board, as the server established it. */
export type Actor = Person;

export const WipMode = { hard: 'hard', soft: 'soft' } as const;
export type WipMode = (typeof WipMode)[keyof typeof WipMode];
export const WipModeSchema = z.enum([WipMode.hard, WipMode.soft]);

/** What a WIP limit counts. Lane and person scopes count only started, not finished work. */
export const LimitScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('column'), columnId: IdSchema }).strict(),
  z.object({ kind: z.literal('lane'), laneId: IdSchema }).strict(),
  z.object({ kind: z.literal('cell'), columnId: IdSchema, laneId: IdSchema }).strict(),
  z.object({ kind: z.literal('group'), groupId: IdSchema }).strict(),
  z.object({ kind: z.literal('person'), userId: IdSchema }).strict(),
]);
export type LimitScope = z.infer<typeof LimitScopeSchema>;
export type LimitScopeKind = LimitScope['kind'];

/** A limit on one scope: `hard` refuses the move, `soft` lets it through with a reason. */
export interface WipLimit {
  scope: LimitScope;
  max: number;
  mode: WipMode;
}

/** A soft limit exceeded with a reason; it lasts until the scope is back within its limit. */
export interface Breach {
  id: string;
  scope: LimitScope;
  /** The card whose arrival exceeded the limit. */
  cardId: string;
  /** Cards in the scope with that card, and the limit at the time. */
  count: number;
  max: number;
  reason: string;
  by: Actor;
  at: string;
}

/** The structure of one board as the server holds it: what the board document contains. */
export interface BoardState {
  id: string;
  name: string;
  /** Commitment point: the first column in which work counts as started. */
  startColumnId: string | null;
  /**
   * The service level expectation in days the board admin set, used while the board has too
   * little finished work for the metrics to give one; null when not set.
   */
  sleDays: number | null;
  /** The cycle-time percentile the SLE is taken at; null for the default (see `sleSettings`). */
  slePercent: number | null;
  /** How many days of finished work the SLE is taken from; null for the default. */
  sleWindowDays: number | null;
  /** Delivery point: the first column in which work counts as finished. */
  finishColumnId: string | null;
  columns: Column[];
  lanes: Lane[];
  cards: Card[];
  groups: ColumnGroup[];
  limits: WipLimit[];
  breaches: Breach[];
  people: Person[];
}

/** A board as listed, without its contents. */
export interface BoardSummary {
  id: string;
  name: string;
  createdAt: string;
}

/** How a board's SLE is computed from its finished work: the percentile, over the last `windowDays` days. */
export interface SleSettings {
  percent: number;
  windowDays: number;
}

/** The board's SLE percentile and window, with the defaults where it has not set them. */
export function sleSettings(board: Pick<BoardState, 'slePercent' | 'sleWindowDays'>): SleSettings {
  return {
    percent: board.slePercent ?? DEFAULT_SLE_PERCENT,
    windowDays: board.sleWindowDays ?? DEFAULT_SLE_WINDOW_DAYS,
  };
}
