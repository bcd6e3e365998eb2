import { createAdapter } from '@socket.io/postgres-adapter';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { ServerOptions } from 'socket.io';

/**
 * Timings of the adapter's node tracking. Each node announces itself every `heartbeatInterval`;
 * one silent for `heartbeatTimeout` (killed, cut off) no longer counts, so cluster-wide look-ups
 * (the presence list) stop waiting for it.
 */
const TIMING = { heartbeatInterval: 2_000, heartbeatTimeout: 5_000 };

/**
 * The socket.io adapter that carries messages between server nodes over PostgreSQL's
 * LISTEN/NOTIFY (larger or binary ones through the socket_io_attachments table). Board and card
 * updates do not go this way: each node catches up from the stored log (see board-feed.ts). This
 * carries what no log holds: the presence list, card cursors, and access changes.
 */
export function clusterAdapter(pool: pg.Pool, log: FastifyBaseLogger): NonNullable<ServerOptions['adapter']> {
  return createAdapter(pool, {
    ...TIMING,
    errorHandler: (err) => log.warn({ err }, 'could not pass a message to the other server nodes'),
  }) as NonNullable<ServerOptions['adapter']>;
}
