import {
  CommandSchemas,
  CommentBodySchema,
  EmailSchema,
  IdSchema,
  NameSchema,
  PasswordSchema,
  PersonNameSchema,
  RoleSchema,
  type BoardEvent,
  type BoardState,
  type BoardSummary,
  type Card,
  type CardComment,
  type CardContentEvent,
  type ColumnGroup,
  type LimitLoad,
  type ErrorCode,
  type Role,
  type Waste,
} from '@obeya/domain';
import type { Analytics, Report } from '@obeya/metrics';
import { z } from 'zod';

/** Bodies of the REST API, shared by the server (to validate) and the client (to type). */
export const CreateBoardBodySchema = z
  .object({ name: NameSchema, template: z.enum(['basic', 'team']).default('basic') })
  .strict();
/** Rename the board, move its commitment and delivery points, or set its SLE settings (admins). */
export const UpdateBoardBodySchema = CommandSchemas['board:update'];
export const UpdateColumnBodySchema = CommandSchemas['column:update'].omit({ columnId: true });
export const CreateCardBodySchema = CommandSchemas['card:create'];
export const UpdateCardBodySchema = CommandSchemas['card:update'].omit({ cardId: true });
export const MoveCardBodySchema = CommandSchemas['card:move'].omit({ cardId: true });
export const BlockCardBodySchema = CommandSchemas['card:block'].omit({ cardId: true });
export const AssignCardBodySchema = CommandSchemas['card:assign'].omit({ cardId: true });
export const AddCommentBodySchema = z.object({ body: CommentBodySchema }).strict();
export const SetLimitBodySchema = CommandSchemas['limit:set'];
export const CreateGroupBodySchema = CommandSchemas['group:create'];
export const UpdateGroupBodySchema = CommandSchemas['group:update'].omit({ groupId: true });

export const SignupBodySchema = z
  .object({
    email: EmailSchema,
    password: PasswordSchema,
    name: PersonNameSchema,
    /** Required when the instance is invitation only: the code from the invitation link. */
    invitation: z.string().min(1).max(200).optional(),
  })
  .strict();
export const LoginBodySchema = z
  .object({ email: EmailSchema, password: z.string().min(1, 'must not be empty').max(1024) })
  .strict();
export const AddMemberBodySchema = z.object({ email: EmailSchema, role: RoleSchema }).strict();
export const UpdateMemberBodySchema = z.object({ role: RoleSchema }).strict();
export const CreateTokenBodySchema = z.object({ name: NameSchema }).strict();
export const SignupMode = { open: 'open', invitation: 'invitation' } as const;
export type SignupMode = (typeof SignupMode)[keyof typeof SignupMode];
export const UpdateInstanceBodySchema = z
  .object({ signupMode: z.enum([SignupMode.open, SignupMode.invitation]) })
  .strict();
export const CreateInvitationBodySchema = z.object({ email: EmailSchema }).strict();
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
/** The period of a metrics report: first and last day in the board's zone, and the instant it describes. */
export const MetricsQuerySchema = z
  .object({ from: DaySchema.optional(), to: DaySchema.optional(), now: z.iso.datetime({ offset: true }).optional() })
  .strict();
/** The analytics page's question: a period (dates, or the last `days`), and the forecasts' "how many items" and "by which day". */
export const AnalyticsQuerySchema = MetricsQuerySchema.extend({
  /** The last so many days, through today; instead of `from`. */
  days: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(3660).optional(),
  items: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000).optional(),
  by: DaySchema.optional(),
}).strict();
export type MetricsQuery = z.output<typeof MetricsQuerySchema>;
export type AnalyticsQuery = z.output<typeof AnalyticsQuerySchema>;

/** `?a=1&b=2` from the fields that are set; empty when none is. */
function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const MemberParamsSchema = z.object({ boardId: IdSchema, userId: IdSchema });

/** A signed-in person as the API shows them. */
export interface User {
  id: string;
  email: string;
  name: string;
  /** Runs the instance: sign-up mode and invitations. */
  isAdmin: boolean;
}

/** A wall screen, signed in by its token: it may read one board. */
export interface WallIdentity {
  tokenId: string;
  name: string;
  boardId: string;
}

/** A blocked card as the blocked-work list shows it. */
export interface BlockedCard {
  boardId: string;
  boardName: string;
  cardId: string;
  title: string;
  columnId: string;
  columnName: string;
  laneId: string;
  laneName: string;
  reason: string;
  waste: Waste;
  /** When the current blocked interval began (ISO-8601). */
  blockedSince: string;
  blockedBy: { id: string; name: string };
  assignees: Array<{ id: string; name: string }>;
}

export type Me = { user: User; wall?: undefined } | { wall: WallIdentity; user?: undefined };

/** One line of a card's activity, newest first: a stored event, who did it and when. */
export interface CardActivityEntry {
  /** The event's position in the board's log. */
  id: number;
  at: string;
  actorId: string;
  /** The actor's account name now, or null when there is no such account (a removed person). */
  actorName: string | null;
  event: BoardEvent | CardContentEvent;
}

/** A card's content for scripts: the description as plain text, and the comments, oldest first. */
export interface CardContent {
  description: string;
  comments: CardComment[];
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

/** A board in the list: what it is and the caller's role on it. */
export type BoardListItem = BoardSummary & { role: Role };

export interface WallToken {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface InstanceSettings {
  signupMode: SignupMode;
  /** False on a fresh install: the first person to sign up becomes the instance admin. */
  hasUsers: boolean;
}

/**
 * The shape of every REST error. `INVALID_PAYLOAD` errors carry `details.fields`: the first
 * problem of each field (`{ "email": "must be an email address" }`), for forms.
 */
export interface ApiErrorBody {
  error: { code: ErrorCode | string; message: string; details?: Record<string, unknown> };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** A personal access token or wall-screen token; without it the browser's session cookie is used. */
  token?: string;
}

const enc = encodeURIComponent;

/** A typed client of the REST API; the web app uses it and so can scripts. */
export function createApiClient(
  baseUrl = '',
  fetchImpl: Fetch = (i, init) => fetch(i, init),
  options: ApiClientOptions = {},
) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetchImpl(`${baseUrl}${path}`, init);
    const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
    if (!res.ok) {
      const err = (data as ApiErrorBody | undefined)?.error;
      throw new ApiError(
        res.status,
        err?.code ?? 'HTTP_ERROR',
        err?.message ?? `Request failed (${res.status})`,
        err?.details,
      );
    }
    return data as T;
  }
  return {
    /** `version` names the web app build the server serves (null when it serves none). */
    health: () => call<{ status: 'ok'; database: string; version: string | null }>('GET', '/api/health'),
    signup: (body: z.input<typeof SignupBodySchema>) => call<{ user: User }>('POST', '/api/auth/signup', body),
    login: (body: z.input<typeof LoginBodySchema>) => call<{ user: User }>('POST', '/api/auth/login', body),
    logout: () => call<void>('POST', '/api/auth/logout'),
    me: () => call<Me>('GET', '/api/me'),
    instance: () => call<InstanceSettings>('GET', '/api/instance'),
    updateInstance: (body: z.input<typeof UpdateInstanceBodySchema>) =>
      call<InstanceSettings>('PATCH', '/api/instance', body),
    createInvitation: (body: z.input<typeof CreateInvitationBodySchema>) =>
      call<{ invitation: { email: string; expiresAt: string }; url: string }>('POST', '/api/invitations', body),
    listBoards: () => call<{ boards: BoardListItem[] }>('GET', '/api/boards'),
    createBoard: (body: z.input<typeof CreateBoardBodySchema>) =>
      call<{ board: BoardListItem }>('POST', '/api/boards', body),
    getBoard: (boardId: string) => call<{ board: BoardState; role: Role }>('GET', `/api/boards/${enc(boardId)}`),
    /** Changes only the fields given; answers with the board as it is after the change. */
    updateBoard: (boardId: string, body: z.input<typeof UpdateBoardBodySchema>) =>
      call<{ board: BoardState }>('PATCH', `/api/boards/${enc(boardId)}`, body),
    deleteBoard: (boardId: string) => call<void>('DELETE', `/api/boards/${enc(boardId)}`),
    listMembers: (boardId: string) => call<{ members: Member[] }>('GET', `/api/boards/${enc(boardId)}/members`),
    addMember: (boardId: string, body: z.input<typeof AddMemberBodySchema>) =>
      call<{ member: Member }>('POST', `/api/boards/${enc(boardId)}/members`, body),
    updateMember: (boardId: string, userId: string, body: z.input<typeof UpdateMemberBodySchema>) =>
      call<{ member: Member }>('PATCH', `/api/boards/${enc(boardId)}/members/${enc(userId)}`, body),
    removeMember: (boardId: string, userId: string) =>
      call<void>('DELETE', `/api/boards/${enc(boardId)}/members/${enc(userId)}`),
    listWallTokens: (boardId: string) =>
      call<{ wallTokens: WallToken[] }>('GET', `/api/boards/${enc(boardId)}/wall-tokens`),
    /** The token and its `/wall/<token>` URL are returned once; only a hash is stored. */
    createWallToken: (boardId: string, body: z.input<typeof CreateTokenBodySchema>) =>
      call<{ wallToken: WallToken; token: string; url: string }>(
        'POST',
        `/api/boards/${enc(boardId)}/wall-tokens`,
        body,
      ),
    revokeWallToken: (tokenId: string) => call<void>('DELETE', `/api/wall-tokens/${enc(tokenId)}`),
    listTokens: () => call<{ tokens: ApiToken[] }>('GET', '/api/tokens'),
    /** The secret is returned once; only a hash is stored. */
    createToken: (body: z.input<typeof CreateTokenBodySchema>) =>
      call<{ token: ApiToken; secret: string }>('POST', '/api/tokens', body),
    revokeToken: (tokenId: string) => call<void>('DELETE', `/api/tokens/${enc(tokenId)}`),
    /** Changes only the fields given (title, due date, labels). */
    updateCard: (cardId: string, body: z.input<typeof UpdateCardBodySchema>) =>
      call<{ card: Card }>('PATCH', `/api/cards/${enc(cardId)}`, body),
    moveCard: (cardId: string, body: z.input<typeof MoveCardBodySchema>) =>
      call<{ card: Card }>('POST', `/api/cards/${enc(cardId)}/move`, body),
    blockCard: (cardId: string, body: z.input<typeof BlockCardBodySchema>) =>
      call<{ card: Card }>('POST', `/api/cards/${enc(cardId)}/block`, body),
    /** A card's latest activity (at most 200 entries, newest first); viewers and wall screens may read it. */
    cardActivity: (cardId: string) =>
      call<{ activity: CardActivityEntry[] }>('GET', `/api/cards/${enc(cardId)}/activity`),
    cardContent: (cardId: string) => call<CardContent>('GET', `/api/cards/${enc(cardId)}/content`),
    /** Comments as the caller (members and admins); answers with the stored comment. */
    addComment: (cardId: string, body: z.input<typeof AddCommentBodySchema>) =>
      call<{ comment: CardComment }>('POST', `/api/cards/${enc(cardId)}/comments`, body),
    unblockCard: (cardId: string) => call<{ card: Card }>('POST', `/api/cards/${enc(cardId)}/unblock`),
    /** Every blocked card the caller may see, the longest blocked first. */
    listBlocked: () => call<{ blocked: BlockedCard[] }>('GET', '/api/blocked'),
    /** Reasons the board's cards were blocked for before, most used first. */
    blockerReasons: (boardId: string) =>
      call<{ reasons: string[] }>('GET', `/api/boards/${enc(boardId)}/blocker-reasons`),
    assignCard: (cardId: string, body: z.input<typeof AssignCardBodySchema>) =>
      call<{ card: Card }>('PUT', `/api/cards/${enc(cardId)}/assignees`, body),
    /** Sets, changes or (with `max: null`) removes one scope's limit; answers with its load. */
    setLimit: (boardId: string, body: z.input<typeof SetLimitBodySchema>) =>
      call<{ limit: LimitLoad | null }>('PUT', `/api/boards/${enc(boardId)}/limits`, body),
    createGroup: (boardId: string, body: z.input<typeof CreateGroupBodySchema>) =>
      call<{ group: ColumnGroup }>('POST', `/api/boards/${enc(boardId)}/groups`, body),
    updateGroup: (boardId: string, groupId: string, body: z.input<typeof UpdateGroupBodySchema>) =>
      call<{ group: ColumnGroup }>('PATCH', `/api/boards/${enc(boardId)}/groups/${enc(groupId)}`, body),
    deleteGroup: (boardId: string, groupId: string) =>
      call<void>('DELETE', `/api/boards/${enc(boardId)}/groups/${enc(groupId)}`),
    /** The board's metrics report, as `obeya metrics --json` prints it; by default up to the server's now. */
    metrics: (boardId: string, query: MetricsQuery = {}) =>
      call<Report>('GET', `/api/boards/${enc(boardId)}/metrics${queryString(query)}`),
    /** Everything the analytics page draws, for a period (by default the last 90 days). */
    analytics: (boardId: string, query: AnalyticsQuery = {}) =>
      call<Analytics>('GET', `/api/boards/${enc(boardId)}/analytics${queryString(query)}`),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;
