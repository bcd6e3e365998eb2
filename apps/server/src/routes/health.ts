import type { DatabaseConnection } from '@obeya/db';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';

export function healthRoutes(app: FastifyInstance, database: DatabaseConnection): void {
  app.get('/api/health', async () => {
    await database.db.execute(sql`select 1`);
    return { status: 'ok', database: database.kind };
  });
}
