import { createHash, randomBytes } from 'node:crypto';

/** What a secret unlocks, visible in its prefix so a leaked one can be recognised and revoked. */
export const SecretKind = { session: 'obs', apiToken: 'obp', wallToken: 'obw', invitation: 'obi' } as const;
export type SecretKind = (typeof SecretKind)[keyof typeof SecretKind];

/** A new unguessable secret (256 random bits), e.g. `obp_…`. */
export function newSecret(kind: SecretKind): string {
  return `${kind}_${randomBytes(32).toString('base64url')}`;
}

/** The kind of a secret from its prefix, or null for anything that is not one of ours. */
export function secretKind(secret: string): SecretKind | null {
  const kind = Object.values(SecretKind).find((k) => secret.startsWith(`${k}_`));
  return kind !== undefined && secret.length < 200 ? kind : null;
}

/**
 * What the database keeps instead of a secret. Secrets are random and long, so a fast hash is
 * enough (unlike passwords), and it lets the lookup be one indexed equality.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
