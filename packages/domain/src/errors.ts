/** Machine-readable reasons a command or request is refused; the UI turns them into words. */
export const ErrorCode = {
  invalidPayload: 'INVALID_PAYLOAD',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  notFound: 'NOT_FOUND',
  boardNotFound: 'BOARD_NOT_FOUND',
  invalidPosition: 'INVALID_POSITION',
  invalidWorkflow: 'INVALID_WORKFLOW',
  /** A hard WIP limit would be exceeded; `details` names the limit, its count and its maximum. */
  wipLimit: 'WIP_LIMIT',
  /** A soft WIP limit would be exceeded and no reason was given; resend with `reason`. */
  wipReasonRequired: 'WIP_REASON_REQUIRED',
  notJoined: 'NOT_JOINED',
  /** No valid session or token. */
  unauthenticated: 'UNAUTHENTICATED',
  /** Signed in, but the role on this board (or instance) does not allow it. */
  forbidden: 'FORBIDDEN',
  /** Wrong email or password (the same answer for both, so accounts cannot be discovered). */
  invalidCredentials: 'INVALID_CREDENTIALS',
  /** Too many attempts or messages; `details.retryAfterSeconds` says when to try again. */
  rateLimited: 'RATE_LIMITED',
  /** The request clashes with what exists (email taken, last admin of a board). */
  conflict: 'CONFLICT',
  internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A refusal: a code for programs, a message for people, and the numbers behind it. */
export interface Rejection {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function reject(code: ErrorCode, message: string, details?: Record<string, unknown>): Rejection {
  return details === undefined ? { code, message } : { code, message, details };
}
