import { z } from 'zod';

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an email address'));

export const PersonNameSchema = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');

/** Long enough to resist guessing (NIST SP 800-63B asks for at least 8); no composition rules. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

// Passwords of the minimum length that top every published list of leaked passwords.
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '0123456789',
  '12345678910',
  '123456789a',
  '1q2w3e4r5t',
  'qwertyuiop',
  'password123',
  'password12',
  'password1234',
  'passw0rd123',
  'iloveyou12',
  'abcdefghij',
  'qwerty1234',
  '1qaz2wsx3edc',
  'letmein123',
  'welcome123',
  'admin12345',
  'aaaaaaaaaa',
  '1111111111',
  '0000000000',
]);

/**
 * Why a password that passes the length rule is still refused, or null when it is fine: it is a
 * well-known password, one character repeated, or the account's own email or name.
 */
export function weakPasswordReason(password: string, person: { email: string; name: string }): string | null {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'is one of the most common passwords';
  if (new Set(lower).size <= 2) return 'repeats the same characters';
  const email = person.email.toLowerCase();
  if (lower === email || lower === email.split('@')[0]) return 'must not be your email address';
  if (lower === person.name.trim().toLowerCase()) return 'must not be your name';
  return null;
}
