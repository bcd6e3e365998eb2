/** Where a dragged card would land: a cell and its neighbours there (the fields of `card:move`). */
export interface DropTarget {
  columnId: string;
  laneId: string;
  /** The card that would sit right below the dropped card. */
  beforeCardId?: string;
  /** The card that would sit right above the dropped card. */
  afterCardId?: string;
}

export interface DragHandlers {
  canStart(cardId: string): boolean;
  onStart(cardId: string): void;
  /** Called whenever the place under the pointer changes (null: nowhere to drop). */
  onTarget(target: DropTarget | null): void;
  onDrop(cardId: string, target: DropTarget): void;
  /** Called after every drag, dropped or cancelled. */
  onEnd(): void;
}

const CELL = '[data-column-id][data-lane-id]';
const CARD = 'li[data-card-id]';
/** A mouse drag starts after this much movement, so a click stays a click. */
const MOUSE_THRESHOLD_PX = 4;
/** A touch drag starts after this long a press, so a swipe still scrolls the page. */
const TOUCH_DELAY_MS = 200;
/** Moving further than this before the press delay means the finger is scrolling. */
const TOUCH_SLOP_PX = 8;
/** Near the board's left/right edge while dragging, the board scrolls. */
const EDGE_PX = 48;

/** The cell under the pointer; over a column's header or buttons, the column's cell nearest to it. */
function cellAt(x: number, y: number): HTMLElement | null {
  const hit = document.elementFromPoint(x, y);
  const direct = hit?.closest<HTMLElement>(CELL);
  if (direct) return direct;
  const column = hit?.closest('[data-column-id]');
  if (!column) return null;
  let best: HTMLElement | null = null;
  let bestDistance = Infinity;
  for (const cell of column.querySelectorAll<HTMLElement>(CELL)) {
    const r = cell.getBoundingClientRect();
    const distance = y < r.top ? r.top - y : y > r.bottom ? y - r.bottom : 0;
    if (distance < bestDistance) [best, bestDistance] = [cell, distance];
  }
  return best;
}

/** The drop place under a point: the target cell, and the position from the cards' midpoints. */
export function dropTargetAt(x: number, y: number, draggedCardId: string): DropTarget | null {
  const cell = cellAt(x, y);
  const { columnId, laneId } = cell?.dataset ?? {};
  if (!cell || !columnId || !laneId) return null;
  const cards = [...cell.querySelectorAll<HTMLElement>(CARD)].filter((el) => el.dataset.cardId !== draggedCardId);
  let index = cards.findIndex((el) => {
    const r = el.getBoundingClientRect();
    return y < r.top + r.height / 2;
  });
  if (index < 0) index = cards.length;
  const target: DropTarget = { columnId, laneId };
  const below = cards[index]?.dataset.cardId;
  const above = cards[index - 1]?.dataset.cardId;
  if (below) target.beforeCardId = below;
  if (above) target.afterCardId = above;
  return target;
}

function sameTarget(a: DropTarget | null, b: DropTarget | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.columnId === b.columnId &&
    a.laneId === b.laneId &&
    a.beforeCardId === b.beforeCardId &&
    a.afterCardId === b.afterCardId
  );
}

/** A copy of the card that follows the pointer; hidden from assistive technology and from hit testing. */
function makeGhost(card: HTMLElement): HTMLElement {
  const rect = card.getBoundingClientRect();
  const ghost = card.cloneNode(true) as HTMLElement;
  ghost.removeAttribute('data-card-id');
  ghost.removeAttribute('tabindex');
  ghost.removeAttribute('aria-label');
  ghost.setAttribute('aria-hidden', 'true');
  ghost.inert = true;
  ghost.classList.add('drag-ghost');
  Object.assign(ghost.style, {
    position: 'fixed',
    left: '0',
    top: '0',
    width: `${rect.width}px`,
    margin: '0',
    pointerEvents: 'none',
    zIndex: '1000',
    listStyle: 'none',
  });
  document.body.append(ghost);
  return ghost;
}

/**
 * Pointer-event drag and drop of cards inside `root` (mouse, pen and touch alike). `scroller` is
 * the element that scrolls horizontally when the pointer nears its edges. Returns a cleanup.
 */
export function enableCardDrag(root: HTMLElement, scroller: HTMLElement, handlers: DragHandlers): () => void {
  let gesture: Gesture | null = null;

  function onPointerDown(event: PointerEvent): void {
    if (gesture || !event.isPrimary || (event.pointerType === 'mouse' && event.button !== 0)) return;
    const hit = event.target as Element;
    // A card's title is a link to its details, and the card's grip too: a press without a move stays a click.
    if (hit.closest('button, input, textarea, select, a:not(.title), dialog')) return;
    const card = hit.closest<HTMLElement>(CARD);
    const cardId = card?.dataset.cardId;
    if (!card || !cardId || !root.contains(card) || !handlers.canStart(cardId)) return;
    gesture = new Gesture(event, card, cardId, scroller, handlers, () => (gesture = null));
  }

  root.addEventListener('pointerdown', onPointerDown);
  return () => {
    root.removeEventListener('pointerdown', onPointerDown);
    gesture?.cancel();
  };
}

/** One press on a card, from pointerdown until release or cancel. */
class Gesture {
  #dragging = false;
  #ghost: HTMLElement | null = null;
  #target: DropTarget | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #startX: number;
  readonly #startY: number;
  readonly #offsetX: number;
  readonly #offsetY: number;
  readonly #touch: boolean;
  readonly #pointerId: number;
  readonly #card: HTMLElement;
  readonly #cardId: string;
  readonly #scroller: HTMLElement;
  readonly #handlers: DragHandlers;
  readonly #done: () => void;

  constructor(
    event: PointerEvent,
    card: HTMLElement,
    cardId: string,
    scroller: HTMLElement,
    handlers: DragHandlers,
    done: () => void,
  ) {
    const rect = card.getBoundingClientRect();
    this.#startX = event.clientX;
    this.#startY = event.clientY;
    this.#offsetX = event.clientX - rect.left;
    this.#offsetY = event.clientY - rect.top;
    this.#touch = event.pointerType === 'touch';
    this.#pointerId = event.pointerId;
    this.#card = card;
    this.#cardId = cardId;
    this.#scroller = scroller;
    this.#handlers = handlers;
    this.#done = done;
    if (this.#touch) this.#timer = setTimeout(() => this.#begin(event.clientX, event.clientY), TOUCH_DELAY_MS);
    window.addEventListener('pointermove', this.#onMove);
    window.addEventListener('pointerup', this.#onUp);
    window.addEventListener('pointercancel', this.#onCancel);
    window.addEventListener('keydown', this.#onKey, true);
    // Non-passive so that, once a touch drag has begun, the page does not scroll under the finger.
    window.addEventListener('touchmove', this.#onTouchMove, { passive: false });
    window.addEventListener('contextmenu', this.#onContextMenu);
  }

  cancel(): void {
    if (this.#dragging) this.#handlers.onTarget(null);
    this.#finish();
  }

  #begin(x: number, y: number): void {
    this.#dragging = true;
    this.#ghost = makeGhost(this.#card);
    document.body.classList.add('dragging-card');
    try {
      this.#card.setPointerCapture(this.#pointerId);
    } catch {
      // The pointer may already be gone; the window listeners still see the release.
    }
    this.#handlers.onStart(this.#cardId);
    this.#follow(x, y);
  }

  #follow(x: number, y: number): void {
    if (this.#ghost)
      this.#ghost.style.transform = `translate(${x - this.#offsetX}px, ${y - this.#offsetY}px) rotate(2deg)`;
    const r = this.#scroller.getBoundingClientRect();
    if (x < r.left + EDGE_PX) this.#scroller.scrollLeft -= 16;
    else if (x > r.right - EDGE_PX) this.#scroller.scrollLeft += 16;
    const target = dropTargetAt(x, y, this.#cardId);
    if (!sameTarget(target, this.#target)) {
      this.#target = target;
      this.#handlers.onTarget(target);
    }
  }

  #onMove = (event: PointerEvent): void => {
    if (event.pointerId !== this.#pointerId) return;
    if (this.#dragging) return this.#follow(event.clientX, event.clientY);
    const distance = Math.hypot(event.clientX - this.#startX, event.clientY - this.#startY);
    if (this.#touch && distance > TOUCH_SLOP_PX)
      this.#finish(); // the finger is scrolling
    else if (!this.#touch && distance > MOUSE_THRESHOLD_PX) this.#begin(event.clientX, event.clientY);
  };

  #onUp = (event: PointerEvent): void => {
    if (event.pointerId !== this.#pointerId) return;
    if (this.#dragging) {
      const target = dropTargetAt(event.clientX, event.clientY, this.#cardId);
      // The click that follows a drag must not count as a click on whatever is under the pointer.
      window.addEventListener('click', swallow, { capture: true, once: true });
      setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
      this.#handlers.onTarget(null);
      if (target) this.#handlers.onDrop(this.#cardId, target);
    }
    this.#finish();
  };

  #onCancel = (event: PointerEvent): void => {
    if (event.pointerId === this.#pointerId) this.cancel();
  };

  #onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.#dragging) return;
    event.preventDefault();
    event.stopPropagation();
    this.cancel();
  };

  #onTouchMove = (event: TouchEvent): void => {
    if (this.#dragging && event.cancelable) event.preventDefault();
  };

  #onContextMenu = (event: Event): void => {
    if (this.#touch) event.preventDefault(); // a long press opens no menu on a card
  };

  #finish(): void {
    clearTimeout(this.#timer);
    window.removeEventListener('pointermove', this.#onMove);
    window.removeEventListener('pointerup', this.#onUp);
    window.removeEventListener('pointercancel', this.#onCancel);
    window.removeEventListener('keydown', this.#onKey, true);
    window.removeEventListener('touchmove', this.#onTouchMove);
    window.removeEventListener('contextmenu', this.#onContextMenu);
    this.#ghost?.remove();
    document.body.classList.remove('dragging-card');
    if (this.#dragging) this.#handlers.onEnd();
    this.#dragging = false;
    this.#done();
  }
}

function swallow(event: Event): void {
  event.stopPropagation();
  event.preventDefault();
}
