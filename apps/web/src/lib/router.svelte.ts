import { parseRoute } from './routes.ts';

export * from './routes.ts';

/** Client-side routing on the History API; the server answers every non-API path with index.html. */
class Router {
  #path = $state(location.pathname);
  #search = $state(location.search);
  readonly route = $derived(parseRoute(this.#path, this.#search));

  constructor() {
    window.addEventListener('popstate', () => this.#sync());
    // Plain <a href="/..."> links stay real links (open in new tab, copy) but navigate without a reload.
    document.addEventListener('click', (event) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a[href]');
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.origin !== location.origin) return;
      if (anchor.pathname.startsWith('/api/')) return;
      event.preventDefault();
      this.navigate(anchor.pathname + anchor.search);
    });
  }

  /** The current path with its query string. */
  get url(): string {
    return this.#path + this.#search;
  }

  /** Goes to `url` (a path, optionally with a query string) as a new history entry. */
  navigate(url: string): void {
    if (url === this.url) return;
    history.pushState(null, '', url);
    this.#sync();
    window.scrollTo(0, 0);
  }

  /** Goes to `url` in place of the current entry (redirects: Back must not bounce). */
  replace(url: string): void {
    if (url === this.url) return;
    history.replaceState(null, '', url);
    this.#sync();
  }

  #sync(): void {
    this.#path = location.pathname;
    this.#search = location.search;
  }
}

export const router = new Router();
