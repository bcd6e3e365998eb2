import type { DatabaseConnection } from '@obeya/db';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which build of the web app this server serves: a hash of its index.html, which names the
 * content-hashed bundles, so it changes with every deployed change. Unattended screens compare it
 * after reconnecting and reload when it differs. Null when no web app is served.
 */
export function webAppVersion(webDist: string | null): string | null {
  const index = webDist === null ? null : path.join(webDist, 'index.html');
  if (index === null || !existsSync(index)) return null;
  return createHash('sha256').update(readFileSync(index)).digest('hex').slice(0, 16);
}

export function healthRoutes(app: FastifyInstance, database: DatabaseConnection, version: string | null): void {
  app.get('/api/health', async () => {
    await database.db.execute(sql`select 1`);
    return { status: 'ok', database: database.kind, version };
  });
}
