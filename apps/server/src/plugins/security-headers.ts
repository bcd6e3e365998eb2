import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Standard security headers. The content policy allows only this origin's scripts and
 * connections; inline styles stay allowed because Svelte sets style attributes. No
 * `upgrade-insecure-requests`: wall screens often reach the server over plain http on the LAN.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Referrer stays on this origin: wall-screen URLs carry their token.
    referrerPolicy: { policy: 'same-origin' },
  });
}
