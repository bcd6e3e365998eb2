/** Draws from a seeded source of uniform numbers, shaped as a simulation needs them. */
export class Dice {
  constructor(private readonly random: () => number) {}

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(list: readonly T[]): T {
    const item = list[Math.floor(this.random() * list.length)];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  }

  weighted<T extends { weight: number }>(list: readonly T[]): T {
    let left = this.random() * list.reduce((sum, x) => sum + x.weight, 0);
    for (const item of list) if ((left -= item.weight) < 0) return item;
    return this.pick(list);
  }

  /** Knuth's method: fine for the small means of arrivals per hour. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let n = 0;
    for (let p = this.random(); p > limit; p *= this.random()) n += 1;
    return n;
  }

  /** A log-normal whole number (at least one) with the given mean; `sigma` sets how far a few go beyond it. */
  logNormal(mean: number, sigma: number): number {
    // Box–Muller for a standard normal draw.
    const normal = Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
    return Math.max(1, Math.round(mean * Math.exp(sigma * normal - sigma ** 2 / 2)));
  }

  between(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** Fisher–Yates. */
  shuffled<T>(list: readonly T[]): T[] {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
