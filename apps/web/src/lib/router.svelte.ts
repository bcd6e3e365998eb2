/** A route the app knows; anything else is `notFound`. */
export type Route = { name: 'home' } | { name: 'board'; boardId: string } | { name: 'notFound' };

/** Turns a path into a route. */
export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { name: 'home' };
  const board = /^\/boards\/([^/]+)\/?$/.exec(path);
  if (board?.[1]) return { name: 'board', boardId: decodeURIComponent(board[1]) };
  return { name: 'notFound' };
}

/** Client-side routing on the History API; the server answers every non-API path with index.html. */
class Router {
  #path = $state(location.pathname);
  readonly route = $derived(parseRoute(this.#path));

  constructor() {
    window.addEventListener('popstate', () => (this.#path = location.pathname));
    // Plain <a href="/..."> links stay real links (open in new tab, copy) but navigate without a reload.
    document.addEventListener('click', (event) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a[href]');
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.origin !== location.origin) return;
      if (anchor.pathname.startsWith('/api/')) return;
      event.preventDefault();
      this.navigate(anchor.pathname);
    });
  }

  get path(): string {
    return this.#path;
  }

  navigate(path: string): void {
    if (path === this.#path) return;
    history.pushState(null, '', path);
    this.#path = path;
    window.scrollTo(0, 0);
  }
}

export const router = new Router();
