import { EventKind } from './card-events.ts';
import type { CardEventTable } from './card-events.ts';
import type { Waste } from './flow-log.ts';
import type { Flow } from './workflow.ts';

/** M1: where a card stands. */
export const CardStatus = {
  backlog: 'backlog',
  wip: 'wip',
  done: 'done',
  discarded: 'discarded',
  archived: 'archived',
} as const;
export type CardStatus = (typeof CardStatus)[keyof typeof CardStatus];

/** One blocked interval; `serial` tells a card's successive intervals apart even when the reason repeats. */
export interface Blocker {
  readonly reason: string;
  readonly waste: Waste;
  readonly serial: number;
}

/** A stretch of a card's life in which its column, status and blocker do not change: `[start, end)`. */
export interface Segment {
  readonly start: number;
  /** Infinity for the last segment: the state lasts past `now`. */
  readonly end: number;
  readonly column: number;
  readonly status: CardStatus;
  readonly blocker: Blocker | null;
}

/** A card replayed up to `now`: its state then (M1, M3, M4) and every segment since its creation. */
export interface CardHistory {
  readonly id: string;
  readonly createdAt: number;
  readonly column: number;
  readonly status: CardStatus;
  readonly startedAt: number | null;
  /** Set only for `done` cards (M4). */
  readonly finishedAt: number | null;
  /** When a `discarded` or `archived` card was archived. */
  readonly archivedAt: number | null;
  /** The blocker at `now` (F7), whatever the status; M15 counts it only while the card is `wip`. */
  readonly blocker: Blocker | null;
  readonly segments: readonly Segment[];
}

/** M1 from a card's position and whether it is archived. */
export function statusOf(column: number, archived: boolean, flow: Flow): CardStatus {
  if (column < flow.start) return archived ? CardStatus.archived : CardStatus.backlog;
  if (column < flow.finish) return archived ? CardStatus.discarded : CardStatus.wip;
  return CardStatus.done;
}

/**
 * Replays card k of the table, its events in time order (M1–M4). Returns null for a deleted card (M2) and for a
 * card whose events never place it in a column.
 */
export function replayCard(table: CardEventTable, k: number, flow: Flow): CardHistory | null {
  const replay = new CardReplay(flow);
  const end = table.offsets[k + 1]!;
  for (let row = table.offsets[k]!; row < end; row++) {
    if (!replay.apply(table, row)) return null;
  }
  return replay.history(table.ids[k] as string);
}

/** One card's state while its events are applied (a class, not closures: it runs once per card of a big log). */
class CardReplay {
  /** -1 until an event places the card in a column. */
  private column = -1;
  private archived = false;
  private blocker: Blocker | null = null;
  private serial = 0;
  private createdAt = 0;
  private startedAt: number | null = null;
  private finishedAt: number | null = null;
  private archivedAt: number | null = null;
  private since = 0;
  private readonly segments: Segment[] = [];

  constructor(private readonly flow: Flow) {}

  /** Applies one event (a row of the table); false once the card is deleted. */
  apply(table: CardEventTable, row: number): boolean {
    const at = table.at[row]!;
    if (this.column >= 0 && at > this.since) {
      const status = statusOf(this.column, this.archived, this.flow);
      this.segments.push({ start: this.since, end: at, column: this.column, status, blocker: this.blocker });
    }
    this.since = at;
    switch (table.kind[row]) {
      case EventKind.deleted:
        return false;
      case EventKind.created:
        if (this.column < 0) this.place(table.column[row]!, at);
        // A second `created` can only mean the card is (back) in that column.
        else this.move(table.column[row]!, at);
        break;
      case EventKind.moved: {
        const to = table.column[row]!;
        const from = table.from[row]!;
        if (this.column < 0) this.place(from >= 0 ? from : to, at);
        this.move(to, at);
        break;
      }
      case EventKind.blocked: {
        const cause = table.causes[table.cause[row]!]!;
        this.blocker = { reason: cause.reason, waste: cause.waste, serial: ++this.serial };
        break;
      }
      case EventKind.unblocked:
        this.blocker = null;
        break;
      case EventKind.archived:
        if (this.column >= 0 && !this.archived) {
          this.archived = true;
          this.archivedAt = at;
        }
        break;
    }
    return true;
  }

  history(id: string): CardHistory | null {
    const { column, archived, flow, since, blocker } = this;
    if (column < 0) return null;
    const status = statusOf(column, archived, flow);
    this.segments.push({ start: since, end: Infinity, column, status, blocker });
    const { createdAt, startedAt, finishedAt, archivedAt, segments } = this;
    return { id, createdAt, column, status, startedAt, finishedAt, archivedAt, blocker, segments };
  }

  private place(to: number, at: number): void {
    this.column = to;
    this.createdAt = at;
    this.startedAt = to >= this.flow.start ? at : null;
    this.finishedAt = to >= this.flow.finish ? at : null;
  }

  /** M3 and M4: entering a zone from outside stamps it, leaving it erases the stamp, moves inside keep it. */
  private move(to: number, at: number): void {
    const { start, finish } = this.flow;
    if (to < start) this.startedAt = null;
    else if (this.column < start) this.startedAt = at;
    if (to < finish) this.finishedAt = null;
    else if (this.column < finish) this.finishedAt = at;
    this.column = to;
    // Moving an archived card is the only way the format can say it was restored.
    this.archived = false;
    this.archivedAt = null;
  }
}
