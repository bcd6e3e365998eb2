import { CommandSchemas, NameSchema, type BoardState, type BoardSummary, type ErrorCode } from '@obeya/domain';
import { z } from 'zod';

/** Bodies of the REST API, shared by the server (to validate) and the client (to type). */
export const CreateBoardBodySchema = z
  .object({ name: NameSchema, template: z.enum(['basic', 'team']).default('basic') })
  .strict();
export const UpdateColumnBodySchema = CommandSchemas['column:update'].omit({ columnId: true });
export const CreateCardBodySchema = CommandSchemas['card:create'];
export const UpdateCardBodySchema = CommandSchemas['card:update'].omit({ cardId: true });
export const MoveCardBodySchema = CommandSchemas['card:move'].omit({ cardId: true });

/** The shape of every REST error. */
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

/** A typed client of the REST API; the web app uses it and so can scripts. */
export function createApiClient(baseUrl = '', fetchImpl: Fetch = (i, init) => fetch(i, init)) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json' };
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
    health: () => call<{ status: 'ok'; database: string }>('GET', '/api/health'),
    listBoards: () => call<{ boards: BoardSummary[] }>('GET', '/api/boards'),
    createBoard: (body: z.input<typeof CreateBoardBodySchema>) =>
      call<{ board: BoardSummary }>('POST', '/api/boards', body),
    getBoard: (boardId: string) => call<{ board: BoardState }>('GET', `/api/boards/${encodeURIComponent(boardId)}`),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;
