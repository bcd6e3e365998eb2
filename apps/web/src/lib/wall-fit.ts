/*
 * The board view sizes its type to the screen: the board components size everything in rem, so
 * the root element's `font-size` (see WallPage) reads `--wall-columns` and `--wall-fit`, set here.
 */

/** Fewer columns than this do not make the type any bigger: it is big enough. */
const MIN_COLUMNS = 5;
/** The board's type never shrinks below this share of its width-based size to fit the height. */
const MIN_SCALE = 0.6;
const STEP = 0.05;

/** Sizes the type so `columns` columns (count the lane names as one) fit the screen's width. */
export function fitToWidth(columns: number, root: HTMLElement = document.documentElement): void {
  root.style.setProperty('--wall-columns', String(Math.max(columns, MIN_COLUMNS)));
}

/**
 * Shrinks the board's type until `scroller` shows everything without scrolling, down to a floor: on an unattended
 * screen a lane or card below the fold is a lane or card nobody sees. Starts from full size each
 * time, so the type grows back when cards leave.
 */
export function fitToHeight(scroller: HTMLElement, root: HTMLElement = document.documentElement): void {
  let scale = 1;
  root.style.setProperty('--wall-fit', '1');
  // Each pass reads the layout the previous one caused; a handful of passes at most.
  while (scale > MIN_SCALE && scroller.scrollHeight > scroller.clientHeight + 1) {
    scale = Math.max(MIN_SCALE, scale - STEP);
    root.style.setProperty('--wall-fit', scale.toFixed(2));
  }
}

/** Restores the type of the other views (the board view is gone). */
export function resetFit(root: HTMLElement = document.documentElement): void {
  root.style.removeProperty('--wall-columns');
  root.style.removeProperty('--wall-fit');
}
