import type { CardEvent, Waste } from './flow-log.ts';
import type { Flow } from './workflow.ts';

/** Event types as small integers, for the table's `kind` column. */
export const EventKind = { created: 0, moved: 1, blocked: 2, unblocked: 3, archived: 4, deleted: 5 } as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** What a `blocked` event names: shared by every event with the same reason and waste. */
export interface BlockCause {
  readonly reason: string;
  readonly waste: Waste;
}

/**
 * A log's events grouped by card, as columns: card k's events are the rows `offsets[k] ≤ row < offsets[k + 1]`, in
 * time order (a stable sort: equal timestamps keep file order); events after `now` are left out.
 *
 * Why columns: a log is written in time order, so one card's events lie far apart in memory, and replaying card
 * after card would wait on memory for nearly every event. Two sequential passes scatter the events into
 * card-major typed arrays instead, and each replay then reads contiguous memory.
 */
export class CardEventTable {
  /** Card ids in order of first appearance in the log. */
  readonly ids: string[] = [];
  readonly offsets: Int32Array;
  readonly at: Float64Array;
  readonly kind: Uint8Array;
  /** `created`: its column; `moved`: its `to`; as workflow positions, -1 for other events. */
  readonly column: Int16Array;
  /** `moved`: its `from` position, -1 if absent (or for other events). */
  readonly from: Int16Array;
  /** `blocked`: its index in `causes`, -1 for other events. */
  readonly cause: Int32Array;
  readonly causes: BlockCause[] = [];

  constructor(events: readonly CardEvent[], flow: Flow, now: number) {
    const n = events.length;
    const cardOf = new Int32Array(n);
    const counts = new Int32Array(n + 1);
    const lastAt = new Float64Array(n + 1).fill(-Infinity);
    const unsorted = new Uint8Array(n + 1);
    const index = new Map<string, number>();
    let rows = 0;
    for (let i = 0; i < n; i++) {
      const e = events[i] as CardEvent;
      if (e.at > now) {
        cardOf[i] = -1;
        continue;
      }
      let k = index.get(e.card);
      if (k === undefined) {
        k = this.ids.length;
        index.set(e.card, k);
        this.ids.push(e.card);
      }
      cardOf[i] = k;
      counts[k]! += 1;
      rows++;
      if (e.at < lastAt[k]!) unsorted[k] = 1;
      else lastAt[k] = e.at;
    }

    const cards = this.ids.length;
    this.offsets = new Int32Array(cards + 1);
    for (let k = 0; k < cards; k++) this.offsets[k + 1] = this.offsets[k]! + counts[k]!;
    this.at = new Float64Array(rows);
    this.kind = new Uint8Array(rows);
    this.column = new Int16Array(rows).fill(-1);
    this.from = new Int16Array(rows).fill(-1);
    this.cause = new Int32Array(rows).fill(-1);
    const next = this.offsets.slice(0, cards);
    const causeIndex = new Map<Waste, Map<string, number>>();
    for (let i = 0; i < n; i++) {
      const k = cardOf[i]!;
      if (k >= 0) this.write(next[k]!++, events[i] as CardEvent, flow, causeIndex);
    }
    for (let k = 0; k < cards; k++) if (unsorted[k]) this.sortRows(this.offsets[k]!, this.offsets[k + 1]!);
  }

  /** The number of cards. */
  get size(): number {
    return this.ids.length;
  }

  /** The first event's instant among cards that are not deleted (M2), or null if there is none. */
  firstEventAt(): number | null {
    let first: number | null = null;
    for (let k = 0; k < this.ids.length; k++) {
      const start = this.offsets[k]!;
      const at = this.at[start]!;
      if (first !== null && at >= first) continue;
      if (!this.kind.subarray(start, this.offsets[k + 1]!).includes(EventKind.deleted)) first = at;
    }
    return first;
  }

  private write(row: number, e: CardEvent, flow: Flow, causeIndex: Map<Waste, Map<string, number>>): void {
    this.at[row] = e.at;
    this.kind[row] = EventKind[e.type];
    if (e.type === 'created') this.column[row] = flow.index.get(e.column) ?? -1;
    else if (e.type === 'moved') {
      this.column[row] = flow.index.get(e.to) ?? -1;
      if (e.from != null) this.from[row] = flow.index.get(e.from) ?? -1;
    } else if (e.type === 'blocked') {
      let byReason = causeIndex.get(e.waste);
      if (!byReason) causeIndex.set(e.waste, (byReason = new Map()));
      let c = byReason.get(e.reason);
      if (c === undefined) {
        c = this.causes.push({ reason: e.reason, waste: e.waste }) - 1;
        byReason.set(e.reason, c);
      }
      this.cause[row] = c;
    }
  }

  /** Sorts rows `[start, end)` by time; `Array.prototype.sort` is stable, so ties keep file order. */
  private sortRows(start: number, end: number): void {
    const rows = Array.from({ length: end - start }, (_, i) => start + i).sort((a, b) => this.at[a]! - this.at[b]!);
    for (const column of [this.at, this.kind, this.column, this.from, this.cause]) {
      const values = rows.map((row) => column[row]!);
      values.forEach((value, i) => (column[start + i] = value));
    }
  }
}
