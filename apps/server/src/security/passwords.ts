import { hash, verify } from '@node-rs/argon2';

// argon2id (the library's default algorithm, pinned here) with its defaults: 19 MiB, 2 passes,
// 1 lane, the OWASP password-storage recommendation.
const ARGON2ID = 2;

/** An argon2id hash of the password, with its own salt and parameters encoded in the string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

/** True when the password matches the stored hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;

/**
 * Spends the same time as checking a real password, for sign-ins with an unknown email, so the
 * answer time does not tell which emails have an account.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword('not a password of anyone');
  await verifyPassword(await dummy, password);
  return false;
}
