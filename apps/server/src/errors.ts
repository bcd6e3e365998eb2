import { ErrorCode, type Rejection } from '@obeya/domain';
import type { ZodError } from 'zod';

const statusByCode: Record<string, number> = {
  [ErrorCode.invalidPayload]: 400,
  [ErrorCode.payloadTooLarge]: 413,
  [ErrorCode.notFound]: 404,
  [ErrorCode.boardNotFound]: 404,
  [ErrorCode.invalidPosition]: 409,
  [ErrorCode.invalidWorkflow]: 422,
  // The board's state refuses the change (a limit is full), not the request's form.
  [ErrorCode.wipLimit]: 409,
  [ErrorCode.wipReasonRequired]: 409,
  [ErrorCode.notJoined]: 409,
  [ErrorCode.unauthenticated]: 401,
  [ErrorCode.invalidCredentials]: 401,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.conflict]: 409,
  [ErrorCode.rateLimited]: 429,
  [ErrorCode.internal]: 500,
};

/** An error with a code and message fit to show a client. */
export class AppError extends Error {
  constructor(
    readonly rejection: Rejection,
    readonly statusCode = statusByCode[rejection.code] ?? 400,
  ) {
    super(rejection.message);
    this.name = 'AppError';
  }
}

/** One readable line out of a zod error: "field: problem; other: problem". */
export function describeZodError(error: ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');
}

/** The first problem of each top-level field, so a form can show it next to the field. */
function fieldProblems(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : 'input';
    fields[field] ??= issue.message;
  }
  return fields;
}

export function invalidPayload(what: string, error: ZodError): Rejection {
  return {
    code: ErrorCode.invalidPayload,
    message: `Invalid ${what}: ${describeZodError(error)}`,
    details: { fields: fieldProblems(error) },
  };
}

/** The answer for a board that does not exist, and for one the caller has no role on. */
export function boardNotFound(boardId: string): AppError {
  return new AppError({ code: ErrorCode.boardNotFound, message: 'That board does not exist.', details: { boardId } });
}
