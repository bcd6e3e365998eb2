import { ErrorCode, weakPasswordReason } from '@obeya/domain';
import {
  SignupMode,
  type ApiToken,
  type InstanceSettings,
  type LoginBodySchema,
  type SignupBodySchema,
  type User,
} from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import type { AccountRepository } from '../repositories/account-repository.ts';
import { hashPassword, verifyAgainstNothing, verifyPassword } from '../security/passwords.ts';
import { hashSecret, newSecret, SecretKind } from '../security/secrets.ts';
import { Throttle, type ThrottlePolicy } from '../security/throttle.ts';
import type { Clock } from './board-service.ts';
import type { Credential, Principal } from './principal.ts';

const DAY_MS = 86_400_000;

/** How long sessions last and how hard sign-in and sign-up are throttled. */
export interface AuthPolicy {
  /** A session unused for this long ends; each day of use extends it. */
  sessionTtlMs: number;
  invitationTtlMs: number;
  /** Failed sign-ins per email. */
  loginPerEmail: ThrottlePolicy;
  /** Failed sign-ins per network address (one attacker trying many emails). */
  loginPerAddress: ThrottlePolicy;
  /** Sign-up attempts per network address. */
  signupPerAddress: ThrottlePolicy;
}

export const defaultAuthPolicy: AuthPolicy = {
  sessionTtlMs: 30 * DAY_MS,
  invitationTtlMs: 14 * DAY_MS,
  loginPerEmail: { limit: 5, windowMs: 15 * 60_000, pauseMs: 30_000, maxPauseMs: 15 * 60_000 },
  loginPerAddress: { limit: 50, windowMs: 15 * 60_000, pauseMs: 60_000, maxPauseMs: 15 * 60_000 },
  signupPerAddress: { limit: 30, windowMs: 60 * 60_000, pauseMs: 60_000, maxPauseMs: 60 * 60_000 },
};

const SIGNUP_MODE_KEY = 'signup_mode';

function throttled(retryAfterMs: number): AppError {
  const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
  return new AppError({
    code: ErrorCode.rateLimited,
    message: `Too many attempts. Try again in ${retryAfterSeconds} seconds.`,
    details: { retryAfterSeconds },
  });
}

const invalidCredentials = () =>
  new AppError({ code: ErrorCode.invalidCredentials, message: 'Wrong email or password.' });

/** Signing up, in and out; sessions and personal access tokens; instance-wide sign-up settings. */
export class AccountService {
  /** A session or token that ended: open sockets using it are closed at once. */
  readonly revoked = new EventEmitter<{ credential: [Credential] }>();
  private readonly loginPerEmail: Throttle;
  private readonly loginPerAddress: Throttle;
  private readonly signupPerAddress: Throttle;

  constructor(
    private readonly repo: AccountRepository,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy = defaultAuthPolicy,
  ) {
    const now = () => clock.now().getTime();
    this.loginPerEmail = new Throttle(policy.loginPerEmail, now);
    this.loginPerAddress = new Throttle(policy.loginPerAddress, now);
    this.signupPerAddress = new Throttle(policy.signupPerAddress, now);
  }

  private nowIso(offsetMs = 0): string {
    return new Date(this.clock.now().getTime() + offsetMs).toISOString();
  }

  async instance(): Promise<InstanceSettings> {
    const mode = await this.repo.getSetting(SIGNUP_MODE_KEY);
    return {
      signupMode: mode === SignupMode.invitation ? SignupMode.invitation : SignupMode.open,
      hasUsers: (await this.repo.countUsers()) > 0,
    };
  }

  async updateInstance(by: Principal, signupMode: SignupMode): Promise<InstanceSettings> {
    requireInstanceAdmin(by);
    await this.repo.putSetting(SIGNUP_MODE_KEY, signupMode);
    return this.instance();
  }

  /** An invitation link for one email, valid once, for two weeks. */
  async createInvitation(by: Principal, email: string): Promise<{ email: string; expiresAt: string; code: string }> {
    const admin = requireInstanceAdmin(by);
    const code = newSecret(SecretKind.invitation);
    const expiresAt = this.nowIso(this.policy.invitationTtlMs);
    await this.repo.insertInvitation({
      id: randomUUID(),
      secretHash: hashSecret(code),
      email,
      createdBy: admin.id,
      expiresAt,
    });
    return { email, expiresAt, code };
  }

  /**
   * Creates an account and signs it in. The first account of an instance becomes its admin and
   * takes over the boards nobody owns yet (the demo board).
   */
  async signup(body: z.output<typeof SignupBodySchema>, address: string): Promise<{ user: User; session: string }> {
    const wait = this.signupPerAddress.retryAfterMs(address);
    if (wait > 0) throw throttled(wait);
    this.signupPerAddress.strike(address);
    const weak = weakPasswordReason(body.password, body);
    if (weak) {
      throw new AppError({
        code: ErrorCode.invalidPayload,
        message: `Invalid account: password: ${weak}`,
        details: { fields: { password: weak } },
      });
    }
    const passwordHash = await hashPassword(body.password);
    const user = await this.repo.signupTransaction(async (tx) => {
      const first = (await this.repo.countUsers(tx)) === 0;
      if (!first && (await this.repo.getSetting(SIGNUP_MODE_KEY, tx)) === SignupMode.invitation) {
        const ok =
          body.invitation &&
          (await this.repo.useInvitation(tx, hashSecret(body.invitation), body.email, this.nowIso()));
        if (!ok) {
          throw new AppError({
            code: ErrorCode.forbidden,
            message: 'Sign-up on this Obeya is by invitation only: use the link from your invitation, for its email.',
          });
        }
      }
      if (await this.repo.emailTaken(tx, body.email)) {
        throw new AppError({
          code: ErrorCode.conflict,
          message: 'An account with this email already exists: sign in.',
        });
      }
      const created: User = { id: randomUUID(), email: body.email, name: body.name, isAdmin: first };
      await this.repo.insertUser(tx, { ...created, passwordHash });
      if (first) await this.repo.adoptOrphanBoards(tx, created.id);
      return created;
    });
    return { user, session: await this.startSession(user.id) };
  }

  /** Checks the password and starts a session; throttled per email and per address. */
  async login(body: z.output<typeof LoginBodySchema>, address: string): Promise<{ user: User; session: string }> {
    const wait = Math.max(this.loginPerEmail.retryAfterMs(body.email), this.loginPerAddress.retryAfterMs(address));
    if (wait > 0) throw throttled(wait);
    // Strikes are counted before the (slow) password check, so parallel guesses cannot all slip in.
    this.loginPerEmail.strike(body.email);
    this.loginPerAddress.strike(address);
    const found = await this.repo.findUserByEmail(body.email);
    const ok = found
      ? await verifyPassword(found.passwordHash, body.password)
      : await verifyAgainstNothing(body.password);
    if (!found || !ok) throw invalidCredentials();
    this.loginPerEmail.clear(body.email);
    this.loginPerAddress.forgive(address);
    const { passwordHash: _, ...user } = found;
    return { user, session: await this.startSession(user.id) };
  }

  private async startSession(userId: string): Promise<string> {
    const secret = newSecret(SecretKind.session);
    await this.repo.insertSession(hashSecret(secret), userId, this.nowIso(this.policy.sessionTtlMs));
    return secret;
  }

  async logout(sessionSecret: string): Promise<void> {
    const id = hashSecret(sessionSecret);
    await this.repo.deleteSession(id);
    this.revoked.emit('credential', { kind: 'session', id });
  }

  /** The person behind a session cookie; extends the session once a day while it is used. */
  async authenticateSession(secret: string): Promise<Principal | null> {
    const id = hashSecret(secret);
    const found = await this.repo.findSession(id, this.nowIso());
    if (!found) return null;
    const renewAt = new Date(found.expiresAt).getTime() - this.policy.sessionTtlMs + DAY_MS;
    if (this.clock.now().getTime() >= renewAt) await this.repo.extendSession(id, this.nowIso(this.policy.sessionTtlMs));
    return { kind: 'user', user: found.user, credential: { kind: 'session', id } };
  }

  /** The person behind a personal access token. */
  async authenticateApiToken(secret: string): Promise<Principal | null> {
    const found = await this.repo.findApiToken(hashSecret(secret));
    if (!found) return null;
    const now = this.clock.now();
    // Recording every use would turn each read into a write; once a minute is precise enough.
    if (!found.lastUsedAt || now.getTime() - new Date(found.lastUsedAt).getTime() > 60_000) {
      await this.repo.touchApiToken(found.id, now.toISOString());
    }
    return { kind: 'user', user: found.user, credential: { kind: 'apiToken', id: found.id } };
  }

  async createToken(by: Principal, name: string): Promise<{ token: ApiToken; secret: string }> {
    const user = requireUser(by);
    const secret = newSecret(SecretKind.apiToken);
    const token = await this.repo.insertApiToken({
      id: randomUUID(),
      userId: user.id,
      name,
      secretHash: hashSecret(secret),
    });
    return { token, secret };
  }

  listTokens(by: Principal): Promise<ApiToken[]> {
    return this.repo.listApiTokens(requireUser(by).id);
  }

  async revokeToken(by: Principal, tokenId: string): Promise<void> {
    if (!(await this.repo.deleteApiToken(requireUser(by).id, tokenId))) {
      throw new AppError({ code: ErrorCode.notFound, message: 'You have no token with that id.' });
    }
    this.revoked.emit('credential', { kind: 'apiToken', id: tokenId });
  }

  /** Which of these user credentials are still valid. */
  liveCredentials(credentials: Credential[]): Promise<Set<string>> {
    const ids = (kind: Credential['kind']) => credentials.filter((c) => c.kind === kind).map((c) => c.id);
    return this.repo.liveCredentials(ids('session'), ids('apiToken'), this.nowIso());
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.repo.deleteExpiredSessions(this.nowIso());
  }
}

/** The signed-in person; wall screens are refused. */
export function requireUser(principal: Principal): User {
  if (principal.kind !== 'user') {
    throw new AppError({ code: ErrorCode.forbidden, message: 'A wall screen can only show its board.' });
  }
  return principal.user;
}

function requireInstanceAdmin(principal: Principal): User {
  const user = requireUser(principal);
  if (!user.isAdmin) {
    throw new AppError({ code: ErrorCode.forbidden, message: 'Only the admin of this Obeya can do that.' });
  }
  return user;
}
