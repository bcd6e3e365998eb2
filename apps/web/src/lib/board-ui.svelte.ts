import { tick } from 'svelte';
import type { BoardSession } from './board-session.svelte.ts';
import { describePosition, type MoveRequest } from './board-view.ts';
import type { DragHandlers, DropTarget } from './drag.ts';
import { cardKeyAction } from './keyboard.ts';

/**
 * What a board's columns and cards share: the session plus transient UI state (the card being
 * dragged or edited, the screen-reader announcement). The role decides what the controls offer.
 */
export class BoardUi {
  readonly session: BoardSession;
  #draggingCardId = $state<string | null>(null);
  #dropTarget = $state.raw<DropTarget | null>(null);
  #editingCardId = $state<string | null>(null);
  #announcement = $state('');

  constructor(session: BoardSession) {
    this.session = session;
  }

  /** The card being dragged, shown dimmed in its old place. */
  get draggingCardId(): string | null {
    return this.#draggingCardId;
  }
  /** Where the dragged card would land now. */
  get dropTarget(): DropTarget | null {
    return this.#dropTarget;
  }
  /** The card whose title is being edited. */
  get editingCardId(): string | null {
    return this.#editingCardId;
  }
  /** The latest sentence for screen readers (a polite live region shows it). */
  get announcement(): string {
    return this.#announcement;
  }

  setEditing(cardId: string | null): void {
    this.#editingCardId = cardId && this.session.can('card:update') ? cardId : null;
  }

  focusCard(cardId: string): void {
    document.querySelector<HTMLElement>(`li[data-card-id="${CSS.escape(cardId)}"]`)?.focus();
  }

  /** Says `text` to screen readers, even when it is the same as last time. */
  announce(text: string): void {
    this.#announcement = '';
    void tick().then(() => (this.#announcement = text));
  }

  async moveCard(request: MoveRequest): Promise<void> {
    if (!this.session.can('card:move')) return;
    const done = this.session.move(request);
    const view = this.session.view;
    if (view) this.announce(describePosition(view, request.cardId));
    await done;
  }

  /** Handles a key press on a focused card: focus moves for everyone, moves and edits by role. */
  cardKey(cardId: string, event: KeyboardEvent): void {
    const board = this.session.view;
    const action = board && cardKeyAction(board, cardId, event);
    if (!action) return;
    if (action.type === 'focus') {
      event.preventDefault();
      this.focusCard(action.cardId);
    } else if (action.type === 'edit' && this.session.can('card:update')) {
      event.preventDefault();
      this.#editingCardId = cardId;
    } else if (action.type === 'move' && this.session.can('card:move')) {
      event.preventDefault();
      void this.moveCard(action.move);
    }
  }

  /** Pointer drag of cards, for `enableCardDrag`; only started when the role may move cards. */
  readonly dragHandlers: DragHandlers = {
    canStart: (cardId) => this.session.can('card:move') && cardId !== this.#editingCardId,
    onStart: (cardId) => (this.#draggingCardId = cardId),
    onTarget: (target) => (this.#dropTarget = target),
    onDrop: (cardId, { columnId, laneId, ...neighbours }) =>
      void this.moveCard({ cardId, toColumnId: columnId, toLaneId: laneId, ...neighbours }),
    onEnd: () => {
      this.#draggingCardId = null;
      this.#dropTarget = null;
    },
  };
}
