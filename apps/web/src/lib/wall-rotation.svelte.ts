import type { WallView } from './wall-options.ts';

/** Shows each view of a wall screen in turn, for the same time each; one view stays put. */
export class WallRotation {
  readonly views: readonly WallView[];
  /** How long each view stays; 0 when nothing rotates. */
  readonly intervalMs: number;
  #index = $state(0);
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(views: readonly WallView[], intervalMs: number) {
    this.views = views.length > 0 ? views : ['board'];
    this.intervalMs = this.views.length > 1 ? intervalMs : 0;
  }

  get view(): WallView {
    return this.views[this.#index] ?? 'board';
  }
  get rotating(): boolean {
    return this.intervalMs > 0;
  }

  start(): void {
    if (!this.rotating || this.#timer !== undefined) return;
    this.#timer = setInterval(() => (this.#index = (this.#index + 1) % this.views.length), this.intervalMs);
  }

  destroy(): void {
    clearInterval(this.#timer);
  }
}
