import { messageOf } from './errors.ts';

/**
 * A list the server keeps (personal tokens, wall links, board members), loaded once when its panel
 * opens and then kept in step with what the panel adds and removes, so nothing is fetched again.
 */
export class RemoteList<T> {
  #items = $state.raw<T[] | null>(null);
  #loadError = $state<string | null>(null);
  readonly #key: (item: T) => string;
  readonly #order: (items: T[]) => T[];

  /** Starts loading at once; `order` keeps the list sorted after every change. */
  constructor(key: (item: T) => string, load: () => Promise<T[]>, order: (items: T[]) => T[] = (items) => items) {
    this.#key = key;
    this.#order = order;
    load()
      .then((items) => (this.#items = order(items)))
      .catch((err: unknown) => (this.#loadError = messageOf(err)));
  }

  /** null until loaded. */
  get items(): T[] | null {
    return this.#items;
  }
  get loadError(): string | null {
    return this.#loadError;
  }

  /** What tells items apart, e.g. for a keyed `#each`. */
  keyOf(item: T): string {
    return this.#key(item);
  }

  /** Adds `item`, or replaces the one with the same key (a member whose role changed). */
  put(item: T): void {
    const key = this.#key(item);
    this.#items = this.#order([...(this.#items ?? []).filter((i) => this.#key(i) !== key), item]);
  }

  /** Removes `item` once `request` succeeds; returns the sentence for a failure, or null. */
  async remove(item: T, request: Promise<unknown>): Promise<string | null> {
    try {
      await request;
      const key = this.#key(item);
      this.#items = (this.#items ?? []).filter((i) => this.#key(i) !== key);
      return null;
    } catch (err) {
      return messageOf(err);
    }
  }
}
