/**
 * Every server process the suite started, so an interrupted or failed run still stops them
 * (by their own handle, never by name).
 */
const running = new Set<() => Promise<void>>();

/** Registers a stop function; the returned one stops and unregisters (safe to call twice). */
export function stopOnExit(stop: () => Promise<void>): () => Promise<void> {
  let stopped: Promise<void> | null = null;
  const once = () => {
    running.delete(once);
    stopped ??= stop();
    return stopped;
  };
  running.add(once);
  return once;
}

export async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((stop) => stop()));
}
