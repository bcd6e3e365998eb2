import type { Waste } from '@obeya/domain';

/** One of the eight wastes as people read it: a name, and what it looks like on a board. */
export interface WasteWords {
  waste: Waste;
  label: string;
  hint: string;
}

// A record, so a ninth waste in the domain fails to compile here until it has words.
const WORDS = {
  waiting: { label: 'Waiting', hint: 'for a person, a decision, another team or a system' },
  defects: { label: 'Defects', hint: 'a bug, rework, wrong or missing information' },
  'extra-processing': { label: 'Extra processing', hint: 'more approvals or polish than the work needs' },
  'non-utilized-talent': { label: 'Non-utilized talent', hint: 'the skills to do it are there but not used' },
  transportation: { label: 'Transportation', hint: 'handing work over between people or teams' },
  motion: { label: 'Motion', hint: 'searching, switching tools or context' },
  inventory: { label: 'Inventory', hint: 'too much started work piled up ahead of it' },
  overproduction: { label: 'Overproduction', hint: 'work nobody needs yet took its place' },
} as const satisfies Record<Waste, { label: string; hint: string }>;

/** The eight wastes of Lean in the order a blocker form offers them, the most common first. */
export const WASTE_CHOICES: readonly WasteWords[] = (Object.keys(WORDS) as Waste[]).map((waste) => ({
  waste,
  ...WORDS[waste],
}));

/** The waste's name for people ("Non-utilized talent"). */
export function wasteLabel(waste: Waste): string {
  return WORDS[waste].label;
}
