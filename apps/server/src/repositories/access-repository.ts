import { boardMembers, boards, users, wallTokens, type Database } from '@obeya/db';
import type { Role } from '@obeya/domain';
import type { BoardListItem, Member, WallIdentity, WallToken } from '@obeya/sync';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { toIso } from './timestamps.ts';

const memberColumns = { userId: users.id, email: users.email, name: users.name, role: boardMembers.role };

/** The only code that reads or writes board memberships and wall-screen tokens. */
export class AccessRepository {
  constructor(private readonly db: Database) {}

  async roleOf(userId: string, boardId: string): Promise<Role | null> {
    const [row] = await this.db
      .select({ role: boardMembers.role })
      .from(boardMembers)
      .where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.userId, userId)));
    return (row?.role as Role | undefined) ?? null;
  }

  /** Roles of many (user, board) pairs at once, keyed `userId boardId`. */
  async rolesOf(pairs: Array<{ userId: string; boardId: string }>): Promise<Map<string, Role>> {
    const roles = new Map<string, Role>();
    if (pairs.length === 0) return roles;
    const rows = await this.db
      .select({ userId: boardMembers.userId, boardId: boardMembers.boardId, role: boardMembers.role })
      .from(boardMembers)
      .where(
        and(
          inArray(boardMembers.userId, [...new Set(pairs.map((p) => p.userId))]),
          inArray(boardMembers.boardId, [...new Set(pairs.map((p) => p.boardId))]),
        ),
      );
    for (const r of rows) roles.set(`${r.userId} ${r.boardId}`, r.role as Role);
    return roles;
  }

  async boardsOf(userId: string): Promise<BoardListItem[]> {
    const rows = await this.db
      .select({ id: boards.id, name: boards.name, createdAt: boards.createdAt, role: boardMembers.role })
      .from(boardMembers)
      .innerJoin(boards, eq(boards.id, boardMembers.boardId))
      .where(eq(boardMembers.userId, userId))
      .orderBy(asc(boards.createdAt), asc(boards.id));
    return rows.map((r) => ({ ...r, createdAt: toIso(r.createdAt), role: r.role as Role }));
  }

  async listMembers(boardId: string): Promise<Member[]> {
    const rows = await this.db
      .select(memberColumns)
      .from(boardMembers)
      .innerJoin(users, eq(users.id, boardMembers.userId))
      .where(eq(boardMembers.boardId, boardId))
      .orderBy(asc(users.name), asc(users.id));
    return rows.map((r) => ({ ...r, role: r.role as Role }));
  }

  async findMember(boardId: string, userId: string): Promise<Member | null> {
    const [row] = await this.db
      .select(memberColumns)
      .from(boardMembers)
      .innerJoin(users, eq(users.id, boardMembers.userId))
      .where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.userId, userId)));
    return row ? { ...row, role: row.role as Role } : null;
  }

  async findUserIdByEmail(email: string): Promise<string | null> {
    const [row] = await this.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return row?.id ?? null;
  }

  /**
   * Changes memberships of one board under its lock, so two admins demoting each other at once
   * cannot leave it without an admin. `work` gets the board's admin count and current roles.
   */
  async changeMembers<T>(
    boardId: string,
    work: (ops: {
      admins: number;
      roleOf: (userId: string) => Promise<Role | null>;
      upsert: (userId: string, role: Role) => Promise<void>;
      remove: (userId: string) => Promise<void>;
    }) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`members:${boardId}`}, 0))`);
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(boardMembers)
        .where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.role, 'admin')));
      return work({
        admins: row?.n ?? 0,
        roleOf: async (userId) => {
          const [member] = await tx
            .select({ role: boardMembers.role })
            .from(boardMembers)
            .where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.userId, userId)));
          return (member?.role as Role | undefined) ?? null;
        },
        upsert: async (userId, role) => {
          await tx
            .insert(boardMembers)
            .values({ boardId, userId, role })
            .onConflictDoUpdate({ target: [boardMembers.boardId, boardMembers.userId], set: { role } });
        },
        remove: async (userId) => {
          await tx.delete(boardMembers).where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.userId, userId)));
        },
      });
    });
  }

  async insertWallToken(token: {
    id: string;
    boardId: string;
    name: string;
    secretHash: string;
    createdBy: string;
  }): Promise<WallToken> {
    const [row] = await this.db.insert(wallTokens).values(token).returning({ createdAt: wallTokens.createdAt });
    return { id: token.id, name: token.name, createdAt: toIso(row?.createdAt ?? '') };
  }

  async listWallTokens(boardId: string): Promise<WallToken[]> {
    const rows = await this.db
      .select({ id: wallTokens.id, name: wallTokens.name, createdAt: wallTokens.createdAt })
      .from(wallTokens)
      .where(eq(wallTokens.boardId, boardId))
      .orderBy(asc(wallTokens.createdAt), asc(wallTokens.id));
    return rows.map((r) => ({ ...r, createdAt: toIso(r.createdAt) }));
  }

  async findWallTokenBySecret(secretHash: string): Promise<WallIdentity | null> {
    const [row] = await this.db
      .select({ tokenId: wallTokens.id, name: wallTokens.name, boardId: wallTokens.boardId })
      .from(wallTokens)
      .where(eq(wallTokens.secretHash, secretHash));
    return row ?? null;
  }

  async wallTokenBoard(tokenId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ boardId: wallTokens.boardId })
      .from(wallTokens)
      .where(eq(wallTokens.id, tokenId));
    return row?.boardId ?? null;
  }

  async deleteWallToken(tokenId: string): Promise<void> {
    await this.db.delete(wallTokens).where(eq(wallTokens.id, tokenId));
  }

  /** Which of these wall tokens still exist. */
  async liveWallTokens(tokenIds: string[]): Promise<Set<string>> {
    if (tokenIds.length === 0) return new Set();
    const rows = await this.db.select({ id: wallTokens.id }).from(wallTokens).where(inArray(wallTokens.id, tokenIds));
    return new Set(rows.map((r) => r.id));
  }
}
