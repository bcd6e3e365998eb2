import { ErrorCode } from '@obeya/domain';
import { createApiClient } from '@obeya/sync';

const sessionEndedListeners = new Set<() => void>();

/** Calls `listener` whenever the server answers that the session is missing or over; returns an unsubscribe. */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

/** `fetch` that notices a 401 (other than a wrong password at sign-in) on its way past. */
async function watchedFetch(input: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init);
  if (res.status === 401) {
    const body = (await res
      .clone()
      .json()
      .catch(() => undefined)) as { error?: { code?: string } } | undefined;
    if (body?.error?.code !== ErrorCode.invalidCredentials) for (const listener of sessionEndedListeners) listener();
  }
  return res;
}

/** The REST API on the same origin as the page, signed in by the session cookie. */
export const api = createApiClient('', watchedFetch);
