import { CreateTokenBodySchema } from '@obeya/sync';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';
import { TokenParams } from './params.ts';
import { parse } from './command-route.ts';

/** Personal access tokens: the secret is returned once, only its hash is kept. */
export function tokenRoutes(app: FastifyInstance, { accounts }: Services): void {
  app.get('/api/tokens', async (req) => ({ tokens: await accounts.listTokens(principalOf(req)) }));

  app.post('/api/tokens', async (req, reply) => {
    const body = parse(CreateTokenBodySchema, req.body, 'token');
    return reply.code(201).send(await accounts.createToken(principalOf(req), body.name));
  });

  app.delete('/api/tokens/:tokenId', async (req, reply) => {
    const { tokenId } = parse(TokenParams, req.params, 'token id');
    await accounts.revokeToken(principalOf(req), tokenId);
    return reply.code(204).send();
  });
}
