import type { DatabaseConnection } from '@obeya/db';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppConfig } from './config.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerWebApp } from './plugins/web-app.ts';
import { BoardRegistry } from './realtime/board-registry.ts';
import { attachSocketGateway } from './realtime/socket-gateway.ts';
import { BoardRepository } from './repositories/board-repository.ts';
import { boardRoutes } from './routes/boards.ts';
import { cardRoutes } from './routes/cards.ts';
import { columnRoutes } from './routes/columns.ts';
import { healthRoutes } from './routes/health.ts';
import { BoardService, type Clock } from './services/board-service.ts';
import { seedDemoBoard } from './services/seed.ts';

/** A board document nobody used for this long is dropped from memory (reloaded on next use). */
const ROOM_IDLE_MS = 10 * 60_000;

/** Largest REST request body, in bytes. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDeps {
  config: Pick<AppConfig, 'logLevel' | 'webDist' | 'seedDemo'>;
  database: DatabaseConnection;
  clock?: Clock;
}

/** Builds the whole server (REST, socket.io, web app) on an open database; `listen` is the caller's. */
export async function buildApp({
  config,
  database,
  clock,
}: AppDeps): Promise<{ app: FastifyInstance; boards: BoardService; registry: BoardRegistry }> {
  const app = Fastify({ logger: { level: config.logLevel }, bodyLimit: BODY_LIMIT_BYTES });
  const registry = new BoardRegistry();
  const boards = new BoardService(new BoardRepository(database.db), registry, clock);

  registerErrorHandler(app);
  healthRoutes(app, database);
  boardRoutes(app, boards);
  columnRoutes(app, boards);
  cardRoutes(app, boards);
  await registerWebApp(app, config.webDist);

  const io = attachSocketGateway(app.server, boards, app.log);
  // Sockets must close before the HTTP server can: its close waits for open connections.
  app.addHook('preClose', async () => {
    await io.close();
  });
  const sweeper = setInterval(() => registry.unloadIdle(ROOM_IDLE_MS), 60_000).unref();
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    registry.clear();
  });

  if (config.seedDemo && (await seedDemoBoard(boards))) app.log.info('seeded the demo board');
  return { app, boards, registry };
}
