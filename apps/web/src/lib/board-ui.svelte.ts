import { ErrorCode } from '@obeya/domain';
import type { CommandAck } from '@obeya/sync';
import { tick } from 'svelte';
import type { CardAge, Sle } from './ageing.ts';
import type { BoardSession } from './board-session.svelte.ts';
import { describePosition, type MoveRequest } from './board-view.ts';
import type { CardAgeing } from './card-ageing.svelte.ts';
import { clock } from './clock.svelte.ts';
import type { DragHandlers, DropTarget } from './drag.ts';
import { cardKeyAction } from './keyboard.ts';
import { cellKey, cellVerdicts, moveVerdict, type Verdict } from './limits-view.ts';
import { cardPresence, type CardPresence } from './presence.ts';
import { boardPath, router } from './router.svelte.ts';
import type { ToastTone } from './toasts.svelte.ts';

/** A move held back until its mover says why it may go over a soft limit. */
export interface ReasonRequest {
  move: MoveRequest;
  /** The card's title, for the question. */
  title: string;
  /** Which limit, in words ("Doing is at its soft limit: 3 of 3. Give a reason to go over it."). */
  message: string;
}

/** Shows a message to the person (a toast); the wall screen, which moves nothing, needs none. */
export type Notify = (message: string, tone: ToastTone) => void;

const NO_AGES: ReadonlyMap<string, CardAge> = new Map();

/**
 * What a board's columns and cards share: the session plus transient UI state (the card being
 * dragged or edited, the screen-reader announcement). The role decides what the controls offer.
 */
export interface BoardUiOptions {
  /** The signed-in person's id, to leave them out of the others at a card. */
  selfId?: () => string | undefined;
  /** Card titles link to the card's details. */
  cardLinks?: boolean;
}

export class BoardUi {
  readonly session: BoardSession;
  #draggingCardId = $state<string | null>(null);
  #dropTarget = $state.raw<DropTarget | null>(null);
  #editingCardId = $state<string | null>(null);
  #announcement = $state('');
  #reasonRequest = $state.raw<ReasonRequest | null>(null);
  #blockingCardId = $state<string | null>(null);
  readonly #notify: Notify;
  /** Ages of the cards in progress; null where the board is shown without them. */
  readonly ageing: CardAgeing | null;

  /** Each card in progress's age against the SLE, by card id, as of the shared clock's last tick. */
  readonly #ages = $derived.by(() => {
    const board = this.session.view;
    return board && this.ageing ? this.ageing.ages(board, clock.now) : NO_AGES;
  });

  /** While dragging: what each cell would say to the dragged card (closed, needs a reason, open). */
  readonly #verdicts = $derived.by(() => {
    const board = this.session.view;
    return board && this.#draggingCardId ? cellVerdicts(board, this.#draggingCardId) : null;
  });

  /** Others at each card (details open, dragging it), by card id. */
  readonly #presence = $derived.by(() => cardPresence(this.session.presence, this.options.selfId?.()));

  constructor(
    session: BoardSession,
    notify: Notify = () => undefined,
    ageing: CardAgeing | null = null,
    private readonly options: BoardUiOptions = {},
  ) {
    this.session = session;
    this.#notify = notify;
    this.ageing = ageing;
  }

  /** Who else has the card's details open or is dragging it, if anyone. */
  presenceOf(cardId: string): CardPresence | undefined {
    return this.#presence.get(cardId);
  }

  /** Where a card's details open, or null where cards have no details (the wall screen). */
  detailsHref(cardId: string): string | null {
    return this.options.cardLinks ? boardPath(this.session.boardId, cardId) : null;
  }

  /** The ages of the cards in progress (none without `ageing`). */
  get ages(): ReadonlyMap<string, CardAge> {
    return this.#ages;
  }
  /** The SLE the board is held to; null when it has none or ages are not shown. */
  get sle(): Sle | null {
    const board = this.session.view;
    return board && this.ageing ? this.ageing.sle(board) : null;
  }
  /** The card whose blocker is being set (its dialog is open). */
  get blockingCardId(): string | null {
    return this.#blockingCardId;
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
  /** The move waiting for a reason, asked for next to its target cell. */
  get reasonRequest(): ReasonRequest | null {
    return this.#reasonRequest;
  }

  /** While dragging, whether the dragged card may land in a cell; null when nothing is dragged. */
  verdictFor(columnId: string, laneId: string): Verdict | null {
    return this.#verdicts?.get(cellKey(columnId, laneId)) ?? null;
  }

  setEditing(cardId: string | null): void {
    this.#editingCardId = cardId && this.session.can('card:update') ? cardId : null;
  }

  /** Opens the blocker dialog of a card, for roles that may block. */
  startBlocking(cardId: string): void {
    if (this.session.can('card:block')) this.#blockingCardId = cardId;
  }

  /** Closes the blocker dialog; focus goes back to its card. */
  endBlocking(): void {
    const cardId = this.#blockingCardId;
    this.#blockingCardId = null;
    if (cardId) void tick().then(() => this.focusCard(cardId));
  }

  /** Unblocks a card; a refusal is reported like any other. */
  async unblock(cardId: string): Promise<void> {
    const title = this.session.view?.cards.find((c) => c.id === cardId)?.title;
    if (!title || !this.session.can('card:unblock')) return;
    const ack = await this.session.send('card:unblock', { cardId });
    if (!ack.ok) return;
    this.announce(`${title} is no longer blocked.`);
    // The Unblock button is gone with the blocker; keep the keyboard on the card, not the page.
    await tick();
    if (document.activeElement === document.body || document.activeElement === null) this.focusCard(cardId);
  }

  focusCard(cardId: string): void {
    document.querySelector<HTMLElement>(`li[data-card-id="${CSS.escape(cardId)}"]`)?.focus();
  }

  /** Says `text` to screen readers, even when it is the same as last time. */
  announce(text: string): void {
    this.#announcement = '';
    void tick().then(() => (this.#announcement = text));
  }

  /**
   * Moves a card. A target that a hard limit closes is refused here, with the reason; one over a
   * soft limit asks for a reason first. The server decides again and may still refuse.
   */
  async moveCard(request: MoveRequest): Promise<void> {
    const board = this.session.view;
    const card = board?.cards.find((c) => c.id === request.cardId);
    if (!board || !card || !this.session.can('card:move')) return;
    if (request.reason === undefined) {
      const verdict = moveVerdict(board, card, request.toColumnId, request.toLaneId);
      if (verdict.kind === 'closed') return this.#notify(verdict.message, 'error');
      if (verdict.kind === 'reason') return this.#askReason(request, card.title, verdict.message);
    }
    const done = this.session.move(request);
    const view = this.session.view;
    if (view) this.announce(describePosition(view, request.cardId));
    const { ack, waited } = await done;
    this.#answered(request, card.title, ack, waited);
  }

  /** Sends the held-back move with the reason its mover gave. */
  submitReason(reason: string): void {
    const held = this.#reasonRequest;
    if (!held) return;
    this.#reasonRequest = null;
    void this.moveCard({ ...held.move, reason }).then(() => this.focusCard(held.move.cardId));
  }

  /** Drops the held-back move: the card stays where it was. */
  cancelReason(): void {
    const held = this.#reasonRequest;
    this.#reasonRequest = null;
    if (held) {
      this.announce(`${held.title} was not moved.`);
      void tick().then(() => this.focusCard(held.move.cardId));
    }
  }

  #askReason(move: MoveRequest, title: string, message: string): void {
    this.#reasonRequest = { move: { ...move, reason: undefined }, title, message };
  }

  /**
   * The pending move has its answer (it already snapped back if refused). A move that waited for
   * the connection is reported either way, so its mover learns what became of it.
   */
  #answered(move: MoveRequest, title: string, ack: CommandAck, waited: boolean): void {
    if (ack.ok) {
      const column = this.session.view?.columns.find((c) => c.id === move.toColumnId);
      if (waited) this.#notify(`Saved: ${title} moved to ${column?.name ?? 'its new place'}.`, 'ok');
      return;
    }
    const { code, message } = ack.error;
    const reasonable = code === ErrorCode.wipReasonRequired;
    // Asked for a reason right away, the prompt says why; a move that waited is also reported.
    if (waited || !reasonable) this.#notify(waited ? `Not saved: ${title} — ${message}` : message, 'error');
    // Someone filled the scope meanwhile: the move can still go ahead with a reason.
    if (reasonable) this.#askReason(move, title, message);
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
    } else if (action.type === 'open' && this.detailsHref(cardId)) {
      event.preventDefault();
      router.navigate(this.detailsHref(cardId) ?? '');
    } else if (action.type === 'block' && this.session.can('card:block')) {
      event.preventDefault();
      this.startBlocking(cardId);
    } else if (action.type === 'move' && this.session.can('card:move')) {
      event.preventDefault();
      void this.moveCard(action.move);
    }
  }

  /** Pointer drag of cards, for `enableCardDrag`; only started when the role may move cards. */
  readonly dragHandlers: DragHandlers = {
    canStart: (cardId) => this.session.can('card:move') && cardId !== this.#editingCardId,
    onStart: (cardId) => {
      this.#draggingCardId = cardId;
      this.session.setDragging(cardId);
    },
    onTarget: (target) => (this.#dropTarget = target),
    // A closed target is refused by `moveCard` itself, with the limit that closes it.
    onDrop: (cardId, { columnId, laneId, ...neighbours }) =>
      void this.moveCard({ cardId, toColumnId: columnId, toLaneId: laneId, ...neighbours }),
    onEnd: () => {
      this.#draggingCardId = null;
      this.session.setDragging(null);
      this.#dropTarget = null;
    },
  };
}
