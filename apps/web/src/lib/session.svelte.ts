import type { User } from '@obeya/sync';
import { ApiError } from '@obeya/sync';
import { api, onSessionEnded } from './api.ts';
import { messageOf } from './errors.ts';

/** `loading`: asking the server; `unreachable`: could not ask (retry); then signed in or out. */
export type SessionStatus = 'loading' | 'unreachable' | 'signed-in' | 'signed-out';

/** Who is using this browser: loaded from `me()` at start, changed by signing in and out. */
class Session {
  #user = $state.raw<User | null>(null);
  #status = $state<SessionStatus>('loading');
  #error = $state<string | null>(null);
  /** Said on the sign-in page when the server ended the session (expiry, sign-out elsewhere). */
  #notice = $state<string | null>(null);
  #loading: Promise<void> | null = null;

  constructor() {
    onSessionEnded(() => this.ended());
  }

  get user(): User | null {
    return this.#user;
  }
  get status(): SessionStatus {
    return this.#status;
  }
  get error(): string | null {
    return this.#error;
  }
  get notice(): string | null {
    return this.#notice;
  }

  /** Asks the server who is signed in (the session cookie is httpOnly, so only the server knows). */
  load(): Promise<void> {
    this.#loading ??= this.#load().finally(() => (this.#loading = null));
    return this.#loading;
  }

  async #load(): Promise<void> {
    this.#status = 'loading';
    try {
      const me = await api.me();
      if (me.user) this.signedIn(me.user);
      else this.#signedOut();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return this.#signedOut();
      this.#error = messageOf(err);
      this.#status = 'unreachable';
    }
  }

  /** Records the account the server just signed in (sign-in or sign-up answered). */
  signedIn(user: User): void {
    this.#user = user;
    this.#notice = null;
    this.#error = null;
    this.#status = 'signed-in';
  }

  /** Signs out at once here and tells the server; the caller goes to the sign-in page. */
  signOut(): Promise<void> {
    // The server forgets the session when it expires even if this request fails.
    const done = api.logout().catch(() => undefined);
    this.#notice = null;
    this.#signedOut();
    return done;
  }

  /** The server says the session is over: the app sends the person to sign in, then back. */
  ended(): void {
    if (this.#status === 'signed-in') this.#notice = 'Your session has ended. Sign in again to continue.';
    this.#signedOut();
  }

  #signedOut(): void {
    this.#user = null;
    this.#status = 'signed-out';
  }
}

export const session = new Session();
