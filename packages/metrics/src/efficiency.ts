import type { CardTimes } from './card-times.ts';

/** M13 for one card: active time over its window; null without a window or with an empty one. */
export function cardFlowEfficiency(times: Pick<CardTimes, 'activeMs' | 'waitingMs'>): number | null {
  if (times.activeMs === null || times.waitingMs === null) return null;
  const window = times.activeMs + times.waitingMs;
  return window > 0 ? times.activeMs / window : null;
}

/** M13 for a set of finished cards: Σ active / Σ cycle time; null when Σ cycle time is 0. */
export function flowEfficiency(finished: Iterable<Pick<CardTimes, 'activeMs' | 'cycleTimeMs'>>): number | null {
  let active = 0;
  let cycle = 0;
  for (const card of finished) {
    active += card.activeMs ?? 0;
    cycle += card.cycleTimeMs ?? 0;
  }
  return cycle > 0 ? active / cycle : null;
}
