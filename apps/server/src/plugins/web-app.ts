import fastifyStatic from '@fastify/static';
import { ErrorCode } from '@obeya/domain';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Serves the built single-page app from the same port as the API; unknown non-API paths get
 * index.html so client-side routes survive a reload.
 */
export async function registerWebApp(app: FastifyInstance, webDist: string | null): Promise<void> {
  const hasApp = webDist !== null && existsSync(path.join(webDist, 'index.html'));
  if (hasApp) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (hasApp && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/socket.io/')) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({ error: { code: ErrorCode.notFound, message: `No route ${req.method} ${req.url}` } });
  });
}
