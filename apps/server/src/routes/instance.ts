import { CreateInvitationBodySchema, UpdateInstanceBodySchema } from '@obeya/sync';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';
import { parse } from './command-route.ts';

/** Instance settings (open or invitation-only sign-up) and invitations. */
export function instanceRoutes(app: FastifyInstance, { accounts }: Services): void {
  // Public: the sign-up page needs to know whether an invitation is required.
  app.get('/api/instance', async () => accounts.instance());

  app.patch('/api/instance', async (req) => {
    const body = parse(UpdateInstanceBodySchema, req.body, 'settings');
    return accounts.updateInstance(principalOf(req), body.signupMode);
  });

  app.post('/api/invitations', async (req, reply) => {
    const body = parse(CreateInvitationBodySchema, req.body, 'invitation');
    const { code, ...invitation } = await accounts.createInvitation(principalOf(req), body.email);
    return reply.code(201).send({ invitation, url: `/signup?invitation=${encodeURIComponent(code)}` });
  });
}
