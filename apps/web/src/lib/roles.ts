import { Role } from '@obeya/domain';

/** The roles in the order a select offers them. */
export const ROLE_CHOICES: ReadonlyArray<{ role: Role; label: string }> = [
  { role: Role.viewer, label: 'Viewer' },
  { role: Role.member, label: 'Member' },
  { role: Role.admin, label: 'Admin' },
];

/** One sentence saying what each role may do, for the place where roles are chosen. */
export const ROLE_SUMMARY =
  'Viewers see the board; members also work the cards; admins also run the board and its sharing.';

/** The role's name for people ("Viewer"). */
export function roleLabel(role: Role): string {
  return ROLE_CHOICES.find((c) => c.role === role)?.label ?? role;
}
