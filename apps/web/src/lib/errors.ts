import { ErrorCode, type Rejection } from '@obeya/domain';
import { ApiError } from '@obeya/sync';

/** Field name → what is wrong with it, in words for the person filling in the form. */
export type FieldErrors = Partial<Record<string, string>>;

/** A sentence for a failed request: the server's message, or better words where we have them. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === ErrorCode.rateLimited) {
      const seconds = Number(err.details?.retryAfterSeconds);
      return Number.isFinite(seconds) && seconds > 0
        ? `Too many attempts. Try again in ${Math.ceil(seconds)} seconds.`
        : 'Too many attempts. Try again in a little while.';
    }
    if (err.code === ErrorCode.invalidCredentials) return 'Wrong email or password.';
    if (err.status >= 500) return 'Something went wrong on the server. Try again in a moment.';
    return err.message;
  }
  if (err instanceof TypeError) return 'Could not reach the server. Check your connection and try again.';
  return err instanceof Error ? err.message : 'Something went wrong.';
}

/** The first problem of each field of a failed `safeParse` (client-side checks with the shared schemas). */
export function schemaFieldErrors(error: {
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>;
}): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    out[field] ??= issue.message;
  }
  return out;
}

/** The field errors in a refused request (`details.fields` of an `INVALID_PAYLOAD` error). */
export function serverFieldErrors(err: unknown, fields: readonly string[]): FieldErrors {
  if (!(err instanceof ApiError) || !err.details?.fields || typeof err.details.fields !== 'object') return {};
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(err.details.fields as Record<string, unknown>)) {
    if (fields.includes(field)) out[field] = String(message);
  }
  return out;
}

/**
 * What a refused command says about one field (`details.fields`), as a sentence about `subject`
 * ("The limit must be at least 1."), or else the refusal's own message.
 */
export function rejectionText(rejection: Rejection, field: string, subject: string): string {
  const fields = rejection.details?.fields;
  const problem = fields && typeof fields === 'object' ? (fields as Record<string, unknown>)[field] : undefined;
  return typeof problem === 'string' ? `${subject} ${problem}.` : rejection.message;
}
