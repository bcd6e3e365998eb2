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

/** M15 blocker clusters summed by waste. */
export interface WasteCluster {
  waste: Waste;
  count: number;
  ms: number;
}

/** M15 clusters summed by waste, ranked by time (then count, then waste). */
export function blockersByWaste(clusters: readonly BlockerCluster[]): WasteCluster[] {
  const byWaste = new Map<Waste, WasteCluster>();
  for (const { waste, count, ms } of clusters) {
    const sum = byWaste.get(waste);
    if (sum) {
      sum.count += count;
      sum.ms += ms;
    } else byWaste.set(waste, { waste, count, ms });
  }
  return [...byWaste.values()].sort((a, b) => b.ms - a.ms || b.count - a.count || compare(a.waste, b.waste));
}

/**
 * A Pareto line over ranked entries: each one's running sum of `ms` over the total, so the last is exactly 1 (the
 * total is summed in the same order); 0 everywhere when the total is 0.
 */
export function withCumulativeShare<T extends { ms: number }>(
  ranked: readonly T[],
): (T & { cumulativeShare: number })[] {
  const total = ranked.reduce((sum, entry) => sum + entry.ms, 0);
  let running = 0;
  return ranked.map((entry) => {
    running += entry.ms;
    return { ...entry, cumulativeShare: total > 0 ? running / total : 0 };
  });
}

/**
 * M19, one card at a time: per column, the total time each card added spent in it while `wip`, over its whole
 * history; one value per card that spent any time there.
 */
export class ColumnTimeCounter {
  private readonly byColumn: number[][];
  /** The current card's totals, reused from card to card. */
  private readonly total: Float64Array;

  /** `until` closes a segment still open at `now` (a finished card has none). */
  constructor(
    private readonly columns: number,
    private readonly until: number,
  ) {
    this.byColumn = Array.from({ length: columns }, (): number[] => []);
    this.total = new Float64Array(columns);
  }

  add(card: CardHistory): void {
    const { total } = this;
    for (const s of card.segments) {
      if (s.status === CardStatus.wip) total[s.column]! += Math.min(s.end, this.until) - s.start;
    }
    for (let c = 0; c < this.columns; c++) {
      if (total[c]! <= 0) continue;
      this.byColumn[c]!.push(total[c]!);
      total[c] = 0;
    }
  }

  /** Per column, the totals of the cards that spent time in it, in the order they were added. */
  result(): number[][] {
    return this.byColumn.map((values) => [...values]);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
