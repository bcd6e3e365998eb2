import type { DatabaseConnection } from '@obeya/db';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_DEMO_HISTORY, type AppConfig } from './config.ts';
import { authenticator, registerAuth } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerWebApp } from './plugins/web-app.ts';
import { startBoardFeed } from './realtime/board-feed.ts';
import { BoardRegistry } from './realtime/board-registry.ts';
import { CardRegistry } from './realtime/card-room.ts';
import { clusterAdapter } from './realtime/cluster-adapter.ts';
import { attachSocketGateway, type GatewayOptions } from './realtime/socket-gateway.ts';
import { AccessRepository } from './repositories/access-repository.ts';
import { AccountRepository } from './repositories/account-repository.ts';
import { BoardRepository } from './repositories/board-repository.ts';
import { CardContentRepository } from './repositories/card-content-repository.ts';
import { authRoutes } from './routes/auth.ts';
import { boardRoutes } from './routes/boards.ts';
import { cardContentRoutes } from './routes/card-content.ts';
import { cardRoutes } from './routes/cards.ts';
import { columnRoutes } from './routes/columns.ts';
import { limitRoutes } from './routes/limits.ts';
import { blockedRoutes } from './routes/blocked.ts';
import { healthRoutes, webAppVersion } from './routes/health.ts';
import { instanceRoutes } from './routes/instance.ts';
import { memberRoutes } from './routes/members.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { AccessService } from './services/access-service.ts';
import { AccountService, defaultAuthPolicy, type AuthPolicy } from './services/account-service.ts';
import { BoardService, type Clock } from './services/board-service.ts';
import { CardContentService, type ContentLimits } from './services/card-content-service.ts';
import type { Services } from './services/index.ts';
import { MetricsService } from './services/metrics-service.ts';
import { BlockedWorkService } from './services/blocked-work.ts';
import { seedDemoBoard } from './services/seed.ts';

/** A board or card document nobody used for this long is dropped from memory (reloaded on next use). */
const ROOM_IDLE_MS = 10 * 60_000;
/** A board document nobody used for this long is tidied (started afresh if its history grew). */
const ROOM_QUIET_MS = 30_000;
/** How often idle documents are tidied and unloaded, and expired sessions deleted. */
const SWEEP_MS = 30_000;

/** Largest REST request body, in bytes. */
export const BODY_LIMIT_BYTES = 64 * 1024;

const defaultGateway: Omit<GatewayOptions, 'trustedOrigins'> = {
  // A person drags a few cards a second at most, and types (an edit and a cursor move per
  // keystroke) some ten characters a second at most; scripts should use the REST API.
  messageRate: { burst: 40, perSecond: 20 },
  accessRecheckMs: 5_000,
};

export interface AppDeps {
  config: Pick<AppConfig, 'logLevel' | 'webDist' | 'seedDemo'> &
    Partial<Pick<AppConfig, 'trustedOrigins' | 'demoHistory' | 'trustProxy'>>;
  database: DatabaseConnection;
  clock?: Clock;
  /** Tests shorten these; production uses the defaults. */
  authPolicy?: AuthPolicy;
  gateway?: Partial<Omit<GatewayOptions, 'trustedOrigins'>>;
  contentLimits?: ContentLimits;
}

/** Builds the whole server (REST, socket.io, web app) on an open database; `listen` is the caller's. */
export async function buildApp({
  config,
  database,
  clock = { now: () => new Date() },
  authPolicy,
  gateway,
  contentLimits,
}: AppDeps) {
  const app: FastifyInstance = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind a balancer, the client's address (for sign-in limits) comes from X-Forwarded-For.
    trustProxy: config.trustProxy?.length ? config.trustProxy : false,
  });
  // Every API route, as "METHOD /path", so tests can prove each one is covered by the authorisation matrix.
  const apiRoutes: string[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') apiRoutes.push(`${method} ${route.url}`);
  });
  const registry = new BoardRegistry();
  const cardRegistry = new CardRegistry();
  const policy = authPolicy ?? defaultAuthPolicy;
  const boardRepository = new BoardRepository(database.db);
  const boards = new BoardService(boardRepository, registry, clock);
  const access = new AccessService(new AccessRepository(database.db));
  const contentRepository = new CardContentRepository(database.db);
  const services: Services = {
    boards,
    accounts: new AccountService(new AccountRepository(database.db), clock, policy),
    access,
    content: new CardContentService(
      contentRepository,
      boardRepository,
      boards,
      access,
      cardRegistry,
      clock,
      contentLimits,
    ),
  };
  const authenticate = authenticator(services.accounts, services.access);
  const trustedOrigins = config.trustedOrigins ?? [];

  registerErrorHandler(app);
  await registerSecurityHeaders(app);
  await registerAuth(app, authenticate, trustedOrigins);
  healthRoutes(app, database, webAppVersion(config.webDist));
  authRoutes(app, services, policy.sessionTtlMs);
  instanceRoutes(app, services);
  tokenRoutes(app, services);
  boardRoutes(app, services);
  memberRoutes(app, services);
  columnRoutes(app, services);
  limitRoutes(app, services);
  cardRoutes(app, services);
  cardContentRoutes(app, services);
  metricsRoutes(app, new MetricsService(boardRepository, services.boards, services.access, clock));
  blockedRoutes(app, new BlockedWorkService(boardRepository, services.boards, services.access));
  await registerWebApp(app, config.webDist);

  // On PostgreSQL other nodes may share the database: connect to them through the adapter.
  const broadcastPool = database.openBroadcastPool?.(app.log) ?? null;
  const adapter = broadcastPool ? clusterAdapter(broadcastPool, app.log) : undefined;
  const { io, watch, cards, presence } = attachSocketGateway(
    app.server,
    services,
    authenticate,
    { ...defaultGateway, ...gateway, trustedOrigins, adapter },
    app.log,
  );
  const feed = startBoardFeed(database, {
    boards: services.boards,
    registry,
    content: services.content,
    cardRegistry,
    cards,
    io,
    log: app.log,
  });
  // Sockets must close before the HTTP server can: its close waits for open connections.
  app.addHook('preClose', async () => {
    watch.stop();
    presence.stop();
    await feed?.close();
    await io.close();
    await broadcastPool?.end();
    cards.clear();
  });
  let tidying: Promise<void> | null = null;
  const sweeper = setInterval(() => {
    registry.unloadIdle(ROOM_IDLE_MS);
    cardRegistry.unloadIdle(ROOM_IDLE_MS);
    tidying ??= boards
      .tidyQuiet(ROOM_QUIET_MS)
      .catch((err: unknown) => app.log.warn({ err }, 'board tidy'))
      .finally(() => (tidying = null));
    void services.accounts.deleteExpiredSessions().catch((err: unknown) => app.log.warn({ err }, 'session sweep'));
  }, SWEEP_MS).unref();
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    await tidying;
    registry.clear();
    cardRegistry.clear();
  });

  if (config.seedDemo) {
    const history = config.demoHistory ?? DEFAULT_DEMO_HISTORY;
    const started = performance.now();
    if (await seedDemoBoard(services.boards, history)) {
      app.log.info({ ...history, ms: Math.round(performance.now() - started) }, 'seeded the demo board');
    }
  }
  return { app, registry, cardRegistry, watch, feed, apiRoutes, ...services };
}
