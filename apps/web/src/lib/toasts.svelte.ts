/** `error`: something was refused or failed; `ok`: news that something worked (a move saved after a reconnect). */
export type ToastTone = 'error' | 'ok';

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

const LIFETIME_MS = 7000;

/** Short-lived messages, read out by screen readers (errors as alerts, good news politely). */
class Toasts {
  #items = $state.raw<Toast[]>([]);
  #nextId = 1;

  get items(): Toast[] {
    return this.#items;
  }

  show(message: string, tone: ToastTone = 'error'): void {
    const id = this.#nextId++;
    this.#items = [...this.#items, { id, message, tone }];
    setTimeout(() => this.dismiss(id), LIFETIME_MS);
  }

  dismiss(id: number): void {
    this.#items = this.#items.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
