import type { PresenceEntry } from '@obeya/sync';

/** Who is on a board, in words. */
export interface PresenceSummary {
  /** "1 person on this board", "3 people on this board" (wall screens are not people). */
  count: string;
  /** People's names, this browser's own person first as "Name (you)". */
  people: string[];
  /** Wall screens on the board, as "Wall: name". */
  walls: string[];
}

/** Summarises the server's presence list; `selfId` is the signed-in person's id. */
export function summarisePresence(entries: readonly PresenceEntry[], selfId?: string): PresenceSummary {
  const byName = (a: PresenceEntry, b: PresenceEntry) => a.name.localeCompare(b.name);
  const users = entries.filter((p) => p.kind === 'user');
  const people = [
    ...users.filter((p) => p.id === selfId).map((p) => `${p.name} (you)`),
    ...users
      .filter((p) => p.id !== selfId)
      .sort(byName)
      .map((p) => p.name),
  ];
  const walls = entries
    .filter((p) => p.kind === 'wall')
    .sort(byName)
    .map((p) => `Wall: ${p.name}`);
  const n = users.length;
  return { count: n === 1 ? '1 person on this board' : `${n} people on this board`, people, walls };
}
