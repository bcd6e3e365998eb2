import {
  apiTokens,
  boardMembers,
  boards,
  invitations,
  sessions,
  settings,
  users,
  type Database,
  type Transaction,
} from '@obeya/db';
import type { ApiToken, User } from '@obeya/sync';
import { and, asc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { toIso } from './timestamps.ts';

type Executor = Database | Transaction;

const userColumns = { id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin };

/** The only code that reads or writes users, sessions, personal tokens, invitations and settings. */
export class AccountRepository {
  constructor(private readonly db: Database) {}

  /** Runs `work` in one transaction that holds the instance-wide sign-up lock. */
  signupTransaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      // One sign-up at a time, so exactly one person can become the first (the instance admin).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('obeya:signup', 0))`);
      return work(tx);
    });
  }

  async countUsers(db: Executor = this.db): Promise<number> {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
    return row?.n ?? 0;
  }

  async insertUser(db: Executor, user: User & { passwordHash: string }): Promise<void> {
    await db.insert(users).values(user);
  }

  async findUserByEmail(email: string): Promise<(User & { passwordHash: string }) | null> {
    const [row] = await this.db
      .select({ ...userColumns, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.email, email));
    return row ?? null;
  }

  async emailTaken(db: Executor, email: string): Promise<boolean> {
    const rows = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return rows.length > 0;
  }

  /** Makes the user admin of every board nobody is a member of yet (the seeded demo board). */
  async adoptOrphanBoards(db: Executor, userId: string): Promise<void> {
    const orphans = await db
      .select({ id: boards.id })
      .from(boards)
      .where(sql`not exists (select 1 from ${boardMembers} where ${boardMembers.boardId} = ${boards.id})`);
    if (orphans.length === 0) return;
    await db.insert(boardMembers).values(orphans.map((b) => ({ boardId: b.id, userId, role: 'admin' })));
  }

  async insertSession(id: string, userId: string, expiresAt: string): Promise<void> {
    await this.db.insert(sessions).values({ id, userId, expiresAt });
  }

  /** The user of a live session, with its expiry. */
  async findSession(id: string, now: string): Promise<{ user: User; expiresAt: string } | null> {
    const [row] = await this.db
      .select({ user: userColumns, expiresAt: sessions.expiresAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
    return row ? { user: row.user, expiresAt: toIso(row.expiresAt) } : null;
  }

  async extendSession(id: string, expiresAt: string): Promise<void> {
    await this.db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.id, id));
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, now));
  }

  async insertApiToken(token: { id: string; userId: string; name: string; secretHash: string }): Promise<ApiToken> {
    const [row] = await this.db.insert(apiTokens).values(token).returning({ createdAt: apiTokens.createdAt });
    return { id: token.id, name: token.name, createdAt: toIso(row?.createdAt ?? ''), lastUsedAt: null };
  }

  async listApiTokens(userId: string): Promise<ApiToken[]> {
    const rows = await this.db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt,
      })
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
    return rows.map((r) => ({ ...r, createdAt: toIso(r.createdAt), lastUsedAt: r.lastUsedAt && toIso(r.lastUsedAt) }));
  }

  /** The token's user, by the secret's hash. */
  async findApiToken(secretHash: string): Promise<{ id: string; user: User; lastUsedAt: string | null } | null> {
    const [row] = await this.db
      .select({ id: apiTokens.id, user: userColumns, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.secretHash, secretHash));
    return row ?? null;
  }

  async touchApiToken(id: string, at: string): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
  }

  /** Deletes the user's token; false when the user has no such token. */
  async deleteApiToken(userId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }

  /** Which of these sessions and tokens still exist (and, for sessions, have not expired). */
  async liveCredentials(sessionIds: string[], tokenIds: string[], now: string): Promise<Set<string>> {
    const live = new Set<string>();
    if (sessionIds.length > 0) {
      const rows = await this.db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(inArray(sessions.id, sessionIds), gt(sessions.expiresAt, now)));
      rows.forEach((r) => live.add(r.id));
    }
    if (tokenIds.length > 0) {
      const rows = await this.db.select({ id: apiTokens.id }).from(apiTokens).where(inArray(apiTokens.id, tokenIds));
      rows.forEach((r) => live.add(r.id));
    }
    return live;
  }

  async insertInvitation(invitation: {
    id: string;
    secretHash: string;
    email: string;
    createdBy: string;
    expiresAt: string;
  }): Promise<void> {
    await this.db.insert(invitations).values(invitation);
  }

  /** Marks an unused, unexpired invitation for this email as used; false when there is none. */
  async useInvitation(db: Executor, secretHash: string, email: string, now: string): Promise<boolean> {
    const rows = await db
      .update(invitations)
      .set({ usedAt: now })
      .where(
        and(
          eq(invitations.secretHash, secretHash),
          eq(invitations.email, email),
          isNull(invitations.usedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ id: invitations.id });
    return rows.length > 0;
  }

  async getSetting(key: string, db: Executor = this.db): Promise<unknown> {
    const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
    return row?.value;
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    await this.db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
  }
}
