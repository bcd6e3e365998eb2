export interface Toast {
  id: number;
  message: string;
}

const LIFETIME_MS = 7000;

/** Short-lived error messages, read out by screen readers through role="alert". */
class Toasts {
  #items = $state.raw<Toast[]>([]);
  #nextId = 1;

  get items(): Toast[] {
    return this.#items;
  }

  show(message: string): void {
    const id = this.#nextId++;
    this.#items = [...this.#items, { id, message }];
    setTimeout(() => this.dismiss(id), LIFETIME_MS);
  }

  dismiss(id: number): void {
    this.#items = this.#items.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
