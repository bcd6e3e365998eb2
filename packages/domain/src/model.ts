import { z } from 'zod';

/** Identifiers are opaque strings chosen by the server (UUIDs in practice). */
export const IdSchema = z.string().min(1).max(64);

export const ColumnKind = { queue: 'queue', active: 'active' } as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];
export const ColumnKindSchema = z.enum([ColumnKind.queue, ColumnKind.active]);

export const NameSchema = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');
export const TitleSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
/** A WIP limit is a positive whole number; null means "no limit". */
export const WipLimitSchema = z.number().int().min(1).max(999).nullable();

export const ColumnSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  kind: ColumnKindSchema,
  wipLimit: WipLimitSchema,
  rank: z.string(),
});
export type Column = z.infer<typeof ColumnSchema>;

export const LaneSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  rank: z.string(),
});
export type Lane = z.infer<typeof LaneSchema>;

export const CardSchema = z.object({
  id: IdSchema,
  title: TitleSchema,
  columnId: IdSchema,
  laneId: IdSchema,
  rank: z.string(),
  createdAt: z.string(),
});
export type Card = z.infer<typeof CardSchema>;

/** The structure of one board as the server holds it: what the board document contains. */
export interface BoardState {
  id: string;
  name: string;
  /** Commitment point: the first column in which work counts as started. */
  startColumnId: string | null;
  /** Delivery point: the first column in which work counts as finished. */
  finishColumnId: string | null;
  columns: Column[];
  lanes: Lane[];
  cards: Card[];
}

/** A board as listed, without its contents. */
export interface BoardSummary {
  id: string;
  name: string;
  createdAt: string;
}
