/** A route the app knows; anything else is `notFound`. */
export type Route =
  | { name: 'home' }
  | { name: 'board'; boardId: string }
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
  return route.name === 'home' || route.name === 'board' || route.name === 'account' || route.name === 'blocked';
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
  const board = /^\/boards\/([^/]+)\/?$/.exec(path);
  if (board?.[1]) return { name: 'board', boardId: decodeURIComponent(board[1]) };
  const wall = /^\/wall\/([^/]+)\/?$/.exec(path);
  if (wall?.[1]) return { name: 'wall', token: decodeURIComponent(wall[1]) };
  return { name: 'notFound' };
}

/** The sign-in page, coming back to `returnTo` afterwards. */
export function signInPath(returnTo: string): string {
  return returnTo === '/' ? '/signin' : `/signin?next=${encodeURIComponent(returnTo)}`;
}
