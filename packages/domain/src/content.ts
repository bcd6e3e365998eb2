import { z } from 'zod';
import { IdSchema } from './model.ts';
import { OperationIdSchema } from './commands.ts';

/*
 * A card's content: its description, which members write together (a Yjs text), and its comment
 * thread, which only the server writes (so who wrote a comment and when cannot be forged).
 */

/** Longest description, in characters (Yjs text length: UTF-16 units, an embed counts one). */
export const MAX_DESCRIPTION_LENGTH = 20_000;
/** Longest comment, in characters. */
export const MAX_COMMENT_LENGTH = 5_000;
/** Most comments one card may have. */
export const MAX_COMMENTS_PER_CARD = 500;

export const CommentBodySchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters`);

/** A comment as the card's content document holds it. */
export interface CardComment {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
  /** When its author last changed it; null if never. */
  editedAt: string | null;
}

/** Comment commands: sent like board commands (operation id, board id), answered with a CommandAck. */
export const CommentCommandSchemas = {
  'comment:add': z
    .object({ opId: OperationIdSchema, boardId: IdSchema, cardId: IdSchema, body: CommentBodySchema })
    .strict(),
  /** Only the comment's author may edit it; comments are never deleted. */
  'comment:edit': z
    .object({
      opId: OperationIdSchema,
      boardId: IdSchema,
      cardId: IdSchema,
      commentId: IdSchema,
      body: CommentBodySchema,
    })
    .strict(),
} as const;
export type CommentCommandName = keyof typeof CommentCommandSchemas;
export type CommentCommand<N extends CommentCommandName> = z.input<(typeof CommentCommandSchemas)[N]>;

/**
 * What happened to a card's content. The server stores these in the board's event log beside the
 * board events, so a card's activity reads from one place; the flow metrics ignore them.
 */
export type CardContentEvent =
  | { type: 'card.commented'; cardId: string; comment: { id: string; body: string } }
  | { type: 'card.comment_edited'; cardId: string; commentId: string; body: string }
  /** Someone edited the description; logged at most once per person per card in a quiet spell. */
  | { type: 'card.described'; cardId: string; length: number };
