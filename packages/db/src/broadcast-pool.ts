import pg from 'pg';
import type { ListenerLog } from './listener.ts';

/** Shown in `pg_stat_activity`, so operators (and tests) can tell these connections apart. */
export const BROADCAST_APPLICATION_NAME = 'obeya-broadcasts';

/**
 * A small pool of its own for the messages server nodes pass each other (presence, cursors,
 * access changes): kept apart from the board writers' pool, so neither waits for the other, and
 * one of its connections stays checked out to LISTEN.
 */
export function openBroadcastPool(url: string, log: ListenerLog): pg.Pool {
  // keepAlive: a silently dropped connection must end in an error, not in endless waiting.
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    keepAlive: true,
    // A database that does not answer fails these messages fast instead of queueing them.
    connectionTimeoutMillis: 5_000,
    application_name: BROADCAST_APPLICATION_NAME,
  });
  const report = (err: Error) => log.warn({ err }, 'lost a connection for messages between server nodes');
  // An error on an idle connection reaches the pool; on a checked-out one (the adapter's LISTEN)
  // only the connection, where nobody else listens: unhandled, it would end the process.
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}
