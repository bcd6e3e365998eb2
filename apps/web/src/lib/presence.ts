import type { PresenceEntry } from '@obeya/sync';

/** Who is on a board, in words. */
export interface PresenceSummary {
  /** "1 person on this board", "3 people on this board" (wall screens are not people). */
  count: string;
  /** People's names, this browser's own person first as "Name (you)". */
  people: string[];
  /** The people themselves, in the same order. */
  users: PresenceEntry[];
  /** Wall screens on the board, as "Wall: name". */
  walls: string[];
}

/** Summarises the server's presence list; `selfId` is the signed-in person's id. */
export function summarisePresence(entries: readonly PresenceEntry[], selfId?: string): PresenceSummary {
  const byName = (a: PresenceEntry, b: PresenceEntry) => a.name.localeCompare(b.name);
  const all = entries.filter((p) => p.kind === 'user');
  const users = [...all.filter((p) => p.id === selfId), ...all.filter((p) => p.id !== selfId).sort(byName)];
  const people = users.map((p) => (p.id === selfId ? `${p.name} (you)` : p.name));
  const walls = entries
    .filter((p) => p.kind === 'wall')
    .sort(byName)
    .map((p) => `Wall: ${p.name}`);
  const n = users.length;
  return { count: n === 1 ? '1 person on this board' : `${n} people on this board`, people, users, walls };
}

/** Who else is at one card: with its details open, or dragging it right now. */
export interface CardPresence {
  open: PresenceEntry[];
  moving: PresenceEntry[];
}

/** Other people at each card, by card id; this browser's own person is left out. */
export function cardPresence(entries: readonly PresenceEntry[], selfId?: string): Map<string, CardPresence> {
  const byCard = new Map<string, CardPresence>();
  const at = (cardId: string) => {
    let entry = byCard.get(cardId);
    if (!entry) byCard.set(cardId, (entry = { open: [], moving: [] }));
    return entry;
  };
  for (const person of entries) {
    if (person.id === selfId || person.kind !== 'user') continue;
    for (const cardId of person.cards) at(cardId).open.push(person);
    if (person.dragging) at(person.dragging).moving.push(person);
  }
  return byCard;
}

/** "Ada", "Ada and Bob", "Ada, Bob and Cy". */
export function namesInWords(people: readonly { name: string }[]): string {
  const names = people.map((p) => p.name);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}
