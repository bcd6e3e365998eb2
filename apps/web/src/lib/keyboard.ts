import { cardsInCell, type BoardState, type Card } from '@obeya/domain';
import { adjacentColumnId, columnCards, type MoveRequest } from './board-view.ts';

/** What a key press on a focused card asks for. */
export type CardKeyAction =
  | { type: 'move'; move: MoveRequest }
  | { type: 'focus'; cardId: string }
  | { type: 'edit' }
  | { type: 'block' }
  | { type: 'open' };

/**
 * The keys the board understands, for the help panel; `cardKeyAction` implements them. `changes`:
 * the key changes the board, so it is offered only to roles that may work the cards.
 */
export const KEYBOARD_HELP: ReadonlyArray<readonly [keys: string, effect: string, changes: boolean]> = [
  ['Tab', 'Go to the next card or control', false],
  ['↑ ↓', 'Focus the card above / below', false],
  ['← →', 'Focus a card in the previous / next column', false],
  ['Shift + ← →', 'Move the card to the previous / next column (bottom)', true],
  ['Shift + ↑ ↓', 'Move the card up / down in its cell', true],
  ['O', 'Open the card’s details beside the board (Escape closes them)', false],
  ['Enter', 'Edit the card title (Enter saves, Escape cancels)', true],
  ['B', 'Block the card with a reason, or change or end its blocker', true],
  ['Escape', 'Cancel a drag', true],
];

type Keys = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>;

/** Maps a key press on a card to an action, or null when the key is not ours (let the browser have it). */
export function cardKeyAction(board: BoardState, cardId: string, keys: Keys): CardKeyAction | null {
  if (keys.altKey || keys.ctrlKey || keys.metaKey) return null;
  const card = board.cards.find((c) => c.id === cardId);
  if (!card) return null;
  if (keys.key === 'Enter' && !keys.shiftKey) return { type: 'edit' };
  if ((keys.key === 'b' || keys.key === 'B') && !keys.shiftKey) return { type: 'block' };
  if ((keys.key === 'o' || keys.key === 'O') && !keys.shiftKey) return { type: 'open' };
  if (keys.shiftKey) return moveAction(board, card, keys.key);
  return focusAction(board, card, keys.key);
}

function moveAction(board: BoardState, card: Card, key: string): CardKeyAction | null {
  const cell = cardsInCell(board, card.columnId, card.laneId);
  const i = cell.findIndex((c) => c.id === card.id);
  const base = { cardId: card.id, toColumnId: card.columnId, toLaneId: card.laneId };
  let move: MoveRequest | null = null;
  if (key === 'ArrowRight' || key === 'ArrowLeft') {
    const toColumnId = adjacentColumnId(board, card.columnId, key === 'ArrowRight' ? 1 : -1);
    if (toColumnId) move = { ...base, toColumnId };
  } else if (key === 'ArrowUp' && i > 0) {
    move = { ...base, beforeCardId: cell[i - 1]?.id, afterCardId: cell[i - 2]?.id };
  } else if (key === 'ArrowDown' && i >= 0 && i < cell.length - 1) {
    move = { ...base, afterCardId: cell[i + 1]?.id, beforeCardId: cell[i + 2]?.id };
  }
  return move ? { type: 'move', move } : null;
}

function focusAction(board: BoardState, card: Card, key: string): CardKeyAction | null {
  if (key === 'ArrowUp' || key === 'ArrowDown') {
    const column = columnCards(board, card.columnId);
    const next = column[column.findIndex((c) => c.id === card.id) + (key === 'ArrowUp' ? -1 : 1)];
    return next ? { type: 'focus', cardId: next.id } : null;
  }
  if (key !== 'ArrowLeft' && key !== 'ArrowRight') return null;
  const step = key === 'ArrowLeft' ? -1 : 1;
  const index = cardsInCell(board, card.columnId, card.laneId).findIndex((c) => c.id === card.id);
  // Skip empty columns so focus never gets stuck.
  for (let col = adjacentColumnId(board, card.columnId, step); col; col = adjacentColumnId(board, col, step)) {
    const sameLane = cardsInCell(board, col, card.laneId);
    const target = sameLane[Math.min(index, sameLane.length - 1)] ?? columnCards(board, col)[0];
    if (target) return { type: 'focus', cardId: target.id };
  }
  return null;
}
