/** A route the app knows; anything else is `notFound`. */
export type Route =
  | { name: 'home' }
  /**
   * `card`: a card to bring into view and focus (a chart's dot links to it); `open`: a card whose
   * details are open beside the board.
   */
  | { name: 'board'; boardId: string; card: string | null; open: string | null }
  /** `days`: the last so many days; or `from`–`to` (dates); neither: the default period. */
  | ({ name: 'analytics'; boardId: string } & AnalyticsPeriod)
  | { name: 'account' }
  /** Every blocked card on the person's boards, live. */
  | { name: 'blocked' }
  /** `next`: where to go once signed in (a path on this site). */
  | { name: 'signin'; next: string }
  | { name: 'signup'; next: string; invitation: string | null }
  | { name: 'wall'; token: string }
  | { name: 'notFound' };

/** Routes a person must be signed in to see; the others are open (or use their own token). */
export function needsAccount(route: Route): boolean {
  return (
    route.name === 'home' ||
    route.name === 'board' ||
    route.name === 'analytics' ||
    route.name === 'account' ||
    route.name === 'blocked'
  );
}

/** A `next` path from a query string, kept only when it stays on this site. */
export function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

/** Turns a path (with its query string) into a route. */
export function parseRoute(path: string, search = ''): Route {
  const query = new URLSearchParams(search);
  if (path === '/' || path === '') return { name: 'home' };
  if (path === '/account') return { name: 'account' };
  if (path === '/blocked') return { name: 'blocked' };
  if (path === '/signin') return { name: 'signin', next: safeNext(query.get('next')) };
  if (path === '/signup') {
    return { name: 'signup', next: safeNext(query.get('next')), invitation: query.get('invitation') || null };
  }
  const board = /^\/boards\/([^/]+)(?:\/cards\/([^/]+))?\/?$/.exec(path);
  if (board?.[1]) {
    const open = board[2] ? decodeURIComponent(board[2]) : null;
    return { name: 'board', boardId: decodeURIComponent(board[1]), card: query.get('card') || null, open };
  }
  const analytics = /^\/boards\/([^/]+)\/analytics\/?$/.exec(path);
  if (analytics?.[1])
    return { name: 'analytics', boardId: decodeURIComponent(analytics[1]), ...analyticsPeriod(query) };
  const wall = /^\/wall\/([^/]+)\/?$/.exec(path);
  if (wall?.[1]) return { name: 'wall', token: decodeURIComponent(wall[1]) };
  return { name: 'notFound' };
}

/** The sign-in page, coming back to `returnTo` afterwards. */
export function signInPath(returnTo: string): string {
  return returnTo === '/' ? '/signin' : `/signin?next=${encodeURIComponent(returnTo)}`;
}

/** The analytics page's period as its URL holds it: the last `days`, or `from`–`to` (dates). */
export interface AnalyticsPeriod {
  days: number | null;
  from: string | null;
  to: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The analytics page's period from its query string; anything unreadable is left out. */
function analyticsPeriod(query: URLSearchParams): AnalyticsPeriod {
  const days = Number(query.get('days'));
  const date = (name: string) => {
    const value = query.get(name);
    return value && DATE.test(value) ? value : null;
  };
  return { days: Number.isInteger(days) && days > 0 && days <= 3660 ? days : null, from: date('from'), to: date('to') };
}

/** A board's page; with `cardId`, that card's details open beside it. */
export function boardPath(boardId: string, cardId?: string | null): string {
  const board = `/boards/${encodeURIComponent(boardId)}`;
  return cardId ? `${board}/cards/${encodeURIComponent(cardId)}` : board;
}

/** The analytics page of a board for a period. */
export function analyticsPath(boardId: string, period: Partial<AnalyticsPeriod> = {}): string {
  const query = new URLSearchParams();
  if (period.days) query.set('days', String(period.days));
  if (period.from) query.set('from', period.from);
  if (period.to) query.set('to', period.to);
  const text = query.toString();
  return `/boards/${encodeURIComponent(boardId)}/analytics${text ? `?${text}` : ''}`;
}
