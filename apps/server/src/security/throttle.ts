/** How a throttle counts: at most `limit` strikes per key within `windowMs`, then a pause. */
export interface ThrottlePolicy {
  limit: number;
  windowMs: number;
  /** First pause once the limit is reached; it doubles with every further strike, up to `maxPauseMs`. */
  pauseMs: number;
  maxPauseMs: number;
}

interface Entry {
  strikes: number;
  firstAt: number;
  blockedUntil: number;
}

/** Keys kept at most; beyond this the oldest are forgotten, so a flood of keys cannot fill memory. */
const MAX_KEYS = 50_000;

/**
 * Counts strikes (failed sign-ins, sign-ups) per key (an email, an address) in memory and says
 * how long a key must wait. Checking a blocked key is cheap: no password hash is computed for it.
 */
export class Throttle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly policy: ThrottlePolicy,
    private readonly now: () => number,
  ) {}

  /** Milliseconds the key must still wait, or 0. */
  retryAfterMs(key: string): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  /** Records one strike against the key. */
  strike(key: string): void {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || (now - entry.firstAt > this.policy.windowMs && now >= entry.blockedUntil)) {
      entry = { strikes: 0, firstAt: now, blockedUntil: 0 };
    }
    entry.strikes += 1;
    const over = entry.strikes - this.policy.limit;
    if (over >= 0) {
      entry.blockedUntil = now + Math.min(this.policy.maxPauseMs, this.policy.pauseMs * 2 ** Math.min(over, 20));
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_KEYS) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Takes back one strike recorded up front for an attempt that turned out fine. */
  forgive(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.strikes = Math.max(0, entry.strikes - 1);
    if (entry.strikes < this.policy.limit) entry.blockedUntil = 0;
  }

  /** Forgets the key's strikes (after a successful sign-in). */
  clear(key: string): void {
    this.entries.delete(key);
  }
}
