/** M16: the nearest-rank p-th percentile of ascending values (rank `ceil(p/100 × n)`, at least 1); null if none. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  // p × n / 100 rather than p / 100 × n: 0.85 × 100 is 85.00000000000001 in floating point, which would round up.
  const rank = Math.min(n, Math.max(1, Math.ceil((p * n) / 100)));
  return sorted[rank - 1] as number;
}

/** Values in ascending numeric order, in a typed array so the sort is numeric and fast. */
export function ascending(values: Iterable<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Cycle-time statistics of the cards finished in a period. */
export interface CycleTimeStats {
  count: number;
  meanMs: number | null;
  p50Ms: number | null;
  p85Ms: number | null;
  p95Ms: number | null;
}

/** Count, mean (rounded to the millisecond) and nearest-rank P50/P85/P95 of cycle times. */
export function cycleTimeStats(cycleTimesMs: Iterable<number>): CycleTimeStats {
  const sorted = ascending(cycleTimesMs);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    meanMs: sorted.length > 0 ? Math.round(sum / sorted.length) : null,
    p50Ms: percentile(sorted, 50),
    p85Ms: percentile(sorted, 85),
    p95Ms: percentile(sorted, 95),
  };
}

/** A finished card as M17 needs it. */
export interface FinishedCard {
  finishedAt: number;
  cycleTimeMs: number;
}

/** M17: the p-th percentile of the cycle times of cards finished in `[from, to)`; null if none finished. */
export function serviceLevelExpectation(
  finished: Iterable<FinishedCard>,
  window: { from: number; to: number },
  p = 85,
): number | null {
  return percentile(windowCycleTimes(finished, window), p);
}

/** The cycle times of the cards finished in `[from, to)`, ascending: the values M17 takes its percentile of. */
export function windowCycleTimes(finished: Iterable<FinishedCard>, window: { from: number; to: number }): Float64Array {
  const values: number[] = [];
  for (const card of finished) {
    if (card.finishedAt >= window.from && card.finishedAt < window.to) values.push(card.cycleTimeMs);
  }
  return ascending(values);
}
