/*
 * How a wall screen is set up: by its link only, since nobody stands at an unattended TV to
 * click. `/wall/<token>?theme=light&rotate=30` and the like; anything unknown falls back to the
 * defaults, so a mistyped link still shows the board.
 */

/** What a wall screen can show, in the order it rotates through them. */
export const WALL_VIEWS = ['board', 'blocked', 'figures'] as const;
export type WallView = (typeof WALL_VIEWS)[number];

/**
 * `dark` by default: a dark screen glares less in a team area and keeps its contrast on a TV,
 * and kiosk browsers seldom carry a meaningful colour-scheme preference; `auto` follows it.
 */
export const WALL_THEMES = ['dark', 'light', 'auto'] as const;
export type WallTheme = (typeof WALL_THEMES)[number];

export interface WallOptions {
  theme: WallTheme;
  /** The views shown in turn; one view means it is pinned. */
  views: readonly WallView[];
  /** How long each view stays on screen; 0 when nothing rotates. */
  rotateMs: number;
  /** How long a card that changed column stays highlighted. */
  movedMs: number;
}

export const DEFAULT_ROTATE_SECONDS = 20;
export const DEFAULT_MOVED_MINUTES = 10;
/** Shorter than this and a view is gone before anyone has read it. */
const MIN_ROTATE_SECONDS = 5;

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}

/** A whole number in `[min, max]` from a query value, or undefined when it is not one. */
function wholeNumber(value: string | null, min: number, max: number): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

/**
 * Reads `?theme=dark|light|auto`, `?rotate=<seconds>` (0: stay on the board), `?view=board|blocked|figures`
 * (stay on that view) and `?moved=<minutes>` (how long a moved card stays highlighted).
 */
export function parseWallOptions(search: string): WallOptions {
  const query = new URLSearchParams(search);
  const theme = oneOf(WALL_THEMES, query.get('theme')) ?? 'dark';
  const movedMs = (wholeNumber(query.get('moved'), 0, 24 * 60) ?? DEFAULT_MOVED_MINUTES) * MINUTE;
  const pinned = oneOf(WALL_VIEWS, query.get('view'));
  const rotate = query.get('rotate') === '0' ? 0 : wholeNumber(query.get('rotate'), MIN_ROTATE_SECONDS, 3600);
  if (pinned || rotate === 0) return { theme, movedMs, views: [pinned ?? 'board'], rotateMs: 0 };
  return { theme, movedMs, views: WALL_VIEWS, rotateMs: (rotate ?? DEFAULT_ROTATE_SECONDS) * SECOND };
}
