import { WipLimitSchema } from '@obeya/domain';

/** A WIP limit field read: `max` (null: no limit), or what is wrong with what was typed. */
export type WipLimitInput = { ok: true; max: number | null } | { ok: false; error: string };

/** Reads a number input: empty means no limit; anything else must pass the domain's rule. */
export function readWipLimit(value: number | string | null | undefined): WipLimitInput {
  if (value === null || value === undefined || value === '') return { ok: true, max: null };
  const n = Number(value);
  if (!Number.isInteger(n)) return { ok: false, error: 'The limit must be a whole number.' };
  const parsed = WipLimitSchema.safeParse(n);
  if (!parsed.success) return { ok: false, error: `The limit ${parsed.error.issues[0]?.message ?? 'is not valid'}.` };
  return { ok: true, max: parsed.data };
}
