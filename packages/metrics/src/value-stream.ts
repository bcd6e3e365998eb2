import { isActive, isBlocked } from './card-times.ts';
import { CardStatus } from './card-history.ts';
import type { CardHistory } from './card-history.ts';
import type { Waste } from './flow-log.ts';
import type { Flow } from './workflow.ts';

/** M15: blocked intervals with the same reason and waste. */
export interface BlockerCluster {
  reason: string;
  waste: Waste;
  /** Blocked intervals that overlap the period while the card was in progress. */
  count: number;
  /** Their blocked time inside the period, in milliseconds. */
  ms: number;
}

/** M14 and M15 over a period: card-time by column, split into active and waiting, and blocked time by cause. */
export interface ValueStream {
  activeByColumn: number[];
  waitingByColumn: number[];
  blockers: BlockerCluster[];
}

/** Accumulates M14–M15 one card at a time over `[from, to)`; pass `to` no later than `now`. */
export class ValueStreamCounter {
  private readonly active: number[];
  private readonly waiting: number[];
  /** By waste, then reason: nested maps spare building a key string for every blocked segment. */
  private readonly clusters = new Map<Waste, Map<string, BlockerCluster>>();

  constructor(
    private readonly flow: Flow,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.active = new Array<number>(flow.columnIds.length).fill(0);
    this.waiting = new Array<number>(flow.columnIds.length).fill(0);
  }

  /** Adds one card's in-progress time. */
  add(card: CardHistory): void {
    let lastCounted = 0;
    for (const s of card.segments) {
      if (s.status !== CardStatus.wip) continue;
      const length = Math.min(s.end, this.to) - Math.max(s.start, this.from);
      if (length <= 0) continue;
      if (isActive(s, this.flow)) this.active[s.column]! += length;
      else this.waiting[s.column]! += length;
      if (!isBlocked(s) || !s.blocker) continue;
      const cluster = this.cluster(s.blocker.reason, s.blocker.waste);
      cluster.ms += length;
      // An interval interrupted by time out of progress is still one interval.
      if (s.blocker.serial > lastCounted) {
        cluster.count += 1;
        lastCounted = s.blocker.serial;
      }
    }
  }

  /** The totals, blockers ranked by time (then count, reason, waste). */
  result(): ValueStream {
    const blockers = [...this.clusters.values()]
      .flatMap((byReason) => [...byReason.values()])
      .sort(
        (a, b) =>
          b.ms - a.ms ||
          b.count - a.count ||
          compare(a.reason, b.reason) ||
          compare(a.waste as string, b.waste as string),
      );
    return { activeByColumn: [...this.active], waitingByColumn: [...this.waiting], blockers };
  }

  private cluster(reason: string, waste: Waste): BlockerCluster {
    let byReason = this.clusters.get(waste);
    if (!byReason) {
      byReason = new Map();
      this.clusters.set(waste, byReason);
    }
    let cluster = byReason.get(reason);
    if (!cluster) {
      cluster = { reason, waste, count: 0, ms: 0 };
      byReason.set(reason, cluster);
    }
    return cluster;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
