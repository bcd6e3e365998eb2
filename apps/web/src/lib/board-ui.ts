import type { BoardSession } from './board-session.svelte.ts';
import type { DropTarget } from './drag.ts';

/** What the board page shares with its columns and cards: the session plus transient UI state. */
export interface BoardUi {
  readonly session: BoardSession;
  /** The card being dragged, shown dimmed in its old place. */
  readonly draggingCardId: string | null;
  /** Where the dragged card would land now. */
  readonly dropTarget: DropTarget | null;
  /** The card whose title is being edited. */
  readonly editingCardId: string | null;
  setEditing(cardId: string | null): void;
  /** Handles a key press on a focused card (moves, focus, edit). */
  cardKey(cardId: string, event: KeyboardEvent): void;
  focusCard(cardId: string): void;
}
