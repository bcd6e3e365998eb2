import { ErrorCode, Role, roleAllows } from '@obeya/domain';
import type { BoardListItem, Member, WallToken } from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { AppError, boardNotFound } from '../errors.ts';
import type { AccessRepository } from '../repositories/access-repository.ts';
import { hashSecret, newSecret, SecretKind } from '../security/secrets.ts';
import { requireUser } from './account-service.ts';
import type { Principal } from './principal.ts';

const roleWords: Record<Role, string> = { viewer: 'view', member: 'work on the cards of', admin: 'manage' };

/**
 * Who may do what on which board: memberships with roles, and wall-screen tokens. Every REST
 * route and socket message asks `require` before touching a board. A board the caller has no
 * role on answers "does not exist", so its existence does not leak.
 */
export class AccessService {
  /** Memberships or wall tokens of a board changed: open sockets on it are re-checked at once. */
  readonly changed = new EventEmitter<{ board: [string] }>();

  constructor(private readonly repo: AccessRepository) {}

  /** The principal's role on the board, or null when it has none. */
  async roleOn(principal: Principal, boardId: string): Promise<Role | null> {
    if (principal.kind === 'wall') return principal.wall.boardId === boardId ? Role.viewer : null;
    return this.repo.roleOf(principal.user.id, boardId);
  }

  /** The principal's role if it allows `needed`; otherwise a 404 (no role) or 403 (too little). */
  async require(principal: Principal, boardId: string, needed: Role): Promise<Role> {
    const role = await this.roleOn(principal, boardId);
    if (role === null) throw boardNotFound(boardId);
    if (!roleAllows(role, needed)) {
      throw new AppError({
        code: ErrorCode.forbidden,
        message:
          principal.kind === 'wall'
            ? 'A wall screen can only show its board.'
            : `Your role on this board is ${role}: only a board ${needed} can ${roleWords[needed]} it that way.`,
        details: { role, needed },
      });
    }
    return role;
  }

  async listBoards(principal: Principal): Promise<BoardListItem[]> {
    if (principal.kind === 'wall') return [];
    return this.repo.boardsOf(principal.user.id);
  }

  /** The board's members with their emails: for people on the board, not for wall screens. */
  async listMembers(principal: Principal, boardId: string): Promise<Member[]> {
    await this.require(principal, boardId, Role.viewer);
    requireUser(principal);
    return this.repo.listMembers(boardId);
  }

  /** Adds an existing user by email, or changes their role if they already are a member. */
  async addMember(principal: Principal, boardId: string, email: string, role: Role): Promise<Member> {
    await this.require(principal, boardId, Role.admin);
    const userId = await this.repo.findUserIdByEmail(email);
    if (userId === null) {
      throw new AppError({
        code: ErrorCode.notFound,
        message: `No one has an account with ${email} yet: ask them to sign up first.`,
        details: { email },
      });
    }
    return this.setRole(boardId, userId, role);
  }

  async updateMember(principal: Principal, boardId: string, userId: string, role: Role): Promise<Member> {
    await this.require(principal, boardId, Role.admin);
    if (!(await this.repo.findMember(boardId, userId))) throw memberNotFound();
    return this.setRole(boardId, userId, role);
  }

  /** Removes a member; anyone may also remove themselves (leave the board). */
  async removeMember(principal: Principal, boardId: string, userId: string): Promise<void> {
    const self = principal.kind === 'user' && principal.user.id === userId;
    await this.require(principal, boardId, self ? Role.viewer : Role.admin);
    await this.repo.changeMembers(boardId, async ({ admins, roleOf, remove }) => {
      const role = await roleOf(userId);
      if (role === null) throw memberNotFound();
      if (role === Role.admin && admins <= 1) throw lastAdmin();
      await remove(userId);
    });
    this.changed.emit('board', boardId);
  }

  private async setRole(boardId: string, userId: string, role: Role): Promise<Member> {
    await this.repo.changeMembers(boardId, async ({ admins, roleOf, upsert }) => {
      if ((await roleOf(userId)) === Role.admin && role !== Role.admin && admins <= 1) throw lastAdmin();
      await upsert(userId, role);
    });
    this.changed.emit('board', boardId);
    const member = await this.repo.findMember(boardId, userId);
    if (!member) throw memberNotFound();
    return member;
  }

  async createWallToken(
    principal: Principal,
    boardId: string,
    name: string,
  ): Promise<{ wallToken: WallToken; token: string; url: string }> {
    await this.require(principal, boardId, Role.admin);
    const token = newSecret(SecretKind.wallToken);
    const wallToken = await this.repo.insertWallToken({
      id: randomUUID(),
      boardId,
      name,
      secretHash: hashSecret(token),
      createdBy: requireUser(principal).id,
    });
    return { wallToken, token, url: `/wall/${token}` };
  }

  async listWallTokens(principal: Principal, boardId: string): Promise<WallToken[]> {
    await this.require(principal, boardId, Role.admin);
    return this.repo.listWallTokens(boardId);
  }

  /** Revokes a wall token; screens showing it lose the board at once. */
  async revokeWallToken(principal: Principal, tokenId: string): Promise<void> {
    const boardId = await this.repo.wallTokenBoard(tokenId);
    if (boardId === null) throw new AppError({ code: ErrorCode.notFound, message: 'That wall token does not exist.' });
    await this.require(principal, boardId, Role.admin);
    await this.repo.deleteWallToken(tokenId);
    this.changed.emit('board', boardId);
  }

  /** The wall screen behind a token. */
  async authenticateWallToken(secret: string): Promise<Principal | null> {
    const wall = await this.repo.findWallTokenBySecret(hashSecret(secret));
    return wall && { kind: 'wall', wall, credential: { kind: 'wallToken', id: wall.tokenId } };
  }

  liveWallTokens(tokenIds: string[]): Promise<Set<string>> {
    return this.repo.liveWallTokens(tokenIds);
  }

  /** Current roles of many (user, board) pairs, keyed `userId boardId`. */
  rolesOf(pairs: Array<{ userId: string; boardId: string }>): Promise<Map<string, Role>> {
    return this.repo.rolesOf(pairs);
  }
}

const memberNotFound = () =>
  new AppError({ code: ErrorCode.notFound, message: 'That person is not a member of this board.' });
const lastAdmin = () =>
  new AppError({
    code: ErrorCode.conflict,
    message: 'A board needs at least one admin: make someone else admin first.',
  });
