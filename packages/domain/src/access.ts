import { z } from 'zod';
import type { CommandName } from './commands.ts';

/** What a person may do on one board: read, work the cards, or run the board. */
export const Role = { viewer: 'viewer', member: 'member', admin: 'admin' } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const RoleSchema = z.enum([Role.viewer, Role.member, Role.admin]);

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

/** True when `role` grants at least what `needed` does. */
export function roleAllows(role: Role | null, needed: Role): boolean {
  return role !== null && rank[role] >= rank[needed];
}

/** The least role that may send each command: members work the cards, admins shape the board. */
export const commandRole: Record<CommandName, Role> = {
  'board:update': Role.admin,
  'column:create': Role.admin,
  'column:update': Role.admin,
  'lane:create': Role.admin,
  'lane:update': Role.admin,
  'limit:set': Role.admin,
  'group:create': Role.admin,
  'group:update': Role.admin,
  'group:delete': Role.admin,
  'card:create': Role.member,
  'card:update': Role.member,
  'card:move': Role.member,
  'card:archive': Role.member,
  'card:assign': Role.member,
  'card:block': Role.member,
  'card:unblock': Role.member,
};
