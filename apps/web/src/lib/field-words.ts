import type { FieldErrors } from './errors.ts';

/**
 * Field problems as sentences: the shared schemas say "must be at least 10 characters", the form
 * shows "Password must be at least 10 characters"; a full sentence from the server stays as it is.
 */
export function withFieldNames(errors: FieldErrors, labels: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    if (!message) continue;
    const label = labels[field];
    out[field] =
      label && /^(must|is|are|repeats|should|cannot|can't)\b/i.test(message) ? `${label} ${message}` : message;
  }
  return out;
}
