import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Binary column; both drivers accept a Uint8Array (a Buffer is one). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => new Uint8Array(value),
});

const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'string' })
    .notNull()
    .default(sql`now()`);

/** Boards, as listed. Their structure lives in the board document (board_updates). */
export const boards = pgTable('boards', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/**
 * The board document's persisted Yjs updates, in order. Compaction replaces a prefix with one
 * snapshot row carrying the prefix's last sequence number, so loading stays bounded and the
 * document keeps its identity across restarts. When the document's history has grown past its
 * content, compaction starts it afresh instead: one row of a new `epoch` with the whole content
 * and the next sequence number, so every node and client sees it as a new document.
 */
export const boardUpdates = pgTable(
  'board_updates',
  {
    boardId: text('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    epoch: integer('epoch').notNull().default(0),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.boardId, t.seq] })],
);

/**
 * Each card's content document (description and comments) as persisted Yjs updates, in order,
 * compacted like `board_updates`. Stored per card so opening a card loads only its own text.
 */
export const cardContentUpdates = pgTable(
  'card_content_updates',
  {
    boardId: text('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    cardId: text('card_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.cardId, t.seq] }), index('card_content_updates_board_idx').on(t.boardId)],
);

/** Append-only log of every structural change: the source of truth for flow metrics. */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    boardId: text('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    cardId: text('card_id'),
    payload: jsonb('payload').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('events_board_idx').on(t.boardId, t.id), index('events_card_idx').on(t.cardId)],
);

/** Results of applied commands by operation id, so a retried command is applied at most once. */
export const operations = pgTable(
  'operations',
  {
    boardId: text('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    opId: text('op_id').notNull(),
    result: jsonb('result').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.boardId, t.opId] })],
);

/** Which board a column, lane or card belongs to, so REST routes keyed by their id find the board. */
export const entities = pgTable(
  'entities',
  {
    id: text('id').primaryKey(),
    boardId: text('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
  },
  (t) => [index('entities_board_idx').on(t.boardId)],
);

/** People with an account. `email` is stored lower-cased; the password only as an argon2id hash. */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    isAdmin: boolean('is_admin').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

const expiresAt = () => timestamp('expires_at', { withTimezone: true, mode: 'string' });

/** Signed-in browsers. The cookie carries a random secret; only its SHA-256 is stored, as the id. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: expiresAt().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Personal access tokens for the REST API and scripts; the secret is stored as its SHA-256 only. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_secret_idx').on(t.secretHash), index('api_tokens_user_idx').on(t.userId)],
);

/** Who may do what on a board: `viewer`, `member` or `admin`. */
export const boardMembers = pgTable(
  'board_members',
  {
    boardId: text('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.boardId, t.userId] }), index('board_members_user_idx').on(t.userId)],
);

/** Read-only tokens for wall screens, one board each; revoking deletes the row. */
export const wallTokens = pgTable(
  'wall_tokens',
  {
    id: text('id').primaryKey(),
    boardId: text('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('wall_tokens_secret_idx').on(t.secretHash), index('wall_tokens_board_idx').on(t.boardId)],
);

/** One-time codes that let a person sign up while the instance is invitation only. */
export const invitations = pgTable('invitations', {
  id: text('id').primaryKey(),
  secretHash: text('secret_hash').notNull().unique(),
  email: text('email').notNull(),
  createdBy: text('created_by').notNull(),
  expiresAt: expiresAt().notNull(),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'string' }),
  createdAt: createdAt(),
});

/** Instance-wide settings as key/value pairs (e.g. `signup_mode`). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

/**
 * Messages between server nodes too large for a NOTIFY payload (or binary, such as card cursors),
 * written by the socket.io PostgreSQL adapter, which reads them back by id and deletes them after
 * 30 s. Its name and columns are the adapter's.
 */
export const socketIoAttachments = pgTable('socket_io_attachments', {
  id: bigserial('id', { mode: 'number' }).unique(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).default(sql`now()`),
  payload: bytea('payload'),
});
