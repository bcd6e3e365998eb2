import { createSubscriber } from 'svelte/reactivity';

/** How often shown durations move on; they are shown to the minute, so twice a minute is enough. */
const TICK_MS = 30_000;

/**
 * The time that on-screen durations (blocked for, age) are measured to. One interval serves every
 * reader, and it runs only while something on screen reads the time, so a board of a hundred
 * blocked cards re-renders once per tick instead of running a hundred timers.
 */
class Clock {
  #now = Date.now();
  #running = false;
  readonly #subscribe = createSubscriber((update) => {
    this.#running = true;
    this.#now = Date.now();
    const timer = setInterval(() => {
      this.#now = Date.now();
      update();
    }, TICK_MS);
    return () => {
      this.#running = false;
      clearInterval(timer);
    };
  });

  /** Milliseconds since the epoch, as of the last tick; read in a template or effect, it updates. */
  get now(): number {
    this.#subscribe();
    // Read outside any effect (an event handler), the latest time is the right answer.
    return this.#running ? this.#now : Date.now();
  }
}

export const clock = new Clock();
