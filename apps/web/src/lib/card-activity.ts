import type { BoardState } from '@obeya/domain';
import type { CardActivityEntry } from '@obeya/sync';
import { formatDay } from './format.ts';
import { personName } from './limits-view.ts';
import { wasteLabel } from './wastes.ts';

/** One line of a card's activity, for people: who, what, and when. */
export interface ActivityLine {
  id: number;
  at: string;
  who: string;
  what: string;
}

/** Longest piece of a comment quoted in the activity; the thread has the whole of it. */
const QUOTE_LENGTH = 80;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > QUOTE_LENGTH ? `${flat.slice(0, QUOTE_LENGTH - 1)}…` : flat}”`;
}

function columnName(board: BoardState, id: string): string {
  return board.columns.find((c) => c.id === id)?.name ?? 'a removed column';
}

function laneName(board: BoardState, id: string): string {
  return board.lanes.find((l) => l.id === id)?.name ?? 'a removed lane';
}

/** Who did it: their account name, else the name the board knows, else "Someone". */
function actorName(board: BoardState, entry: CardActivityEntry): string {
  if (entry.actorName) return entry.actorName;
  const known = board.people.find((p) => p.id === entry.actorId);
  return known?.name ?? 'Someone';
}

/** What an event did to the card, as the rest of a sentence that starts with who did it; null: not shown. */
function describe(board: BoardState, event: CardActivityEntry['event']): string | null {
  switch (event.type) {
    case 'card.created':
      return `created the card in ${columnName(board, event.card.columnId)}`;
    case 'card.moved':
      return event.from.columnId !== event.to.columnId
        ? `moved it from ${columnName(board, event.from.columnId)} to ${columnName(board, event.to.columnId)}`
        : event.from.laneId !== event.to.laneId
          ? `moved it to the ${laneName(board, event.to.laneId)} lane`
          : null; // reordering within a cell is not worth a line
    case 'card.updated':
      return describeChanges(event.changes);
    case 'card.assigned':
      return event.assignees.length === 0
        ? 'removed every assignee'
        : `assigned ${event.assignees.map((id) => personName(board, id)).join(', ')}`;
    case 'card.blocked':
      return `blocked it: ${quote(event.blocker.reason)} (${wasteLabel(event.blocker.waste)})`;
    case 'card.unblocked':
      return 'unblocked it';
    case 'card.archived':
      return 'archived it';
    case 'limit.exceeded':
      return `took it over a soft limit (${event.breach.count} of ${event.breach.max}): ${quote(event.breach.reason)}`;
    case 'card.commented':
      return `commented: ${quote(event.comment.body)}`;
    case 'card.comment_edited':
      return `edited a comment: ${quote(event.body)}`;
    case 'card.described':
      return 'edited the description';
    default:
      return null;
  }
}

function describeChanges(changes: { title?: string; due?: string | null; labels?: string[] }): string | null {
  const parts: string[] = [];
  if (changes.title !== undefined) parts.push(`renamed it to ${quote(changes.title)}`);
  if (changes.due !== undefined)
    parts.push(changes.due ? `set it due on ${formatDay(changes.due)}` : 'removed the due date');
  if (changes.labels !== undefined) {
    parts.push(changes.labels.length > 0 ? `labelled it ${changes.labels.join(', ')}` : 'removed its labels');
  }
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The card's activity as lines, newest first as the server sends them; events without a line are left out. */
export function activityLines(board: BoardState, entries: readonly CardActivityEntry[]): ActivityLine[] {
  const lines: ActivityLine[] = [];
  for (const entry of entries) {
    const what = describe(board, entry.event);
    if (what) lines.push({ id: entry.id, at: entry.at, who: actorName(board, entry), what });
  }
  return lines;
}
