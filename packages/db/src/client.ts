import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as schema from './schema.ts';

/** One type for both drivers: code above this package never knows which it runs on. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle, usable wherever a Database is. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseConnection {
  db: Database;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** `dataDir` undefined keeps the embedded database in memory (tests). */
  | { kind: 'pglite'; dataDir?: string };

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/**
 * Ends the pool and waits until every connection is really closed: `pool.end()` resolves as soon
 * as it has asked them to close, and a connection still open after that sees any later
 * termination (a restart, a dropped database) as an error nobody listens to.
 */
async function closePool(pool: pg.Pool, connections: Set<pg.PoolClient>): Promise<void> {
  const closed = [...connections].map((client) => new Promise<void>((resolve) => client.once('end', () => resolve())));
  await pool.end();
  await Promise.all(closed);
}

/** The connections a pool holds, from their creation to their end. */
function trackConnections(pool: pg.Pool): Set<pg.PoolClient> {
  const connections = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    connections.add(client);
    client.once('end', () => connections.delete(client));
  });
  return connections;
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseConnection> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    const connections = trackConnections(pool);
    const db = drizzlePg({ client: pool, schema });
    await migratePg(db, { migrationsFolder });
    return { db: db as unknown as Database, kind: 'postgres', close: () => closePool(pool, connections) };
  }
  const client = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir);
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Database, kind: 'pglite', close: () => client.close() };
}
