import { AddMemberBodySchema, CreateTokenBodySchema, MemberParamsSchema, UpdateMemberBodySchema } from '@obeya/sync';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';
import { BoardParams, TokenParams } from './params.ts';
import { parse } from './command-route.ts';

/** Who is on a board with which role, and the board's wall-screen tokens. */
export function memberRoutes(app: FastifyInstance, { access }: Services): void {
  app.get('/api/boards/:boardId/members', async (req) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    return { members: await access.listMembers(principalOf(req), boardId) };
  });

  app.post('/api/boards/:boardId/members', async (req, reply) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const body = parse(AddMemberBodySchema, req.body, 'member');
    const member = await access.addMember(principalOf(req), boardId, body.email, body.role);
    return reply.code(201).send({ member });
  });

  app.patch('/api/boards/:boardId/members/:userId', async (req) => {
    const { boardId, userId } = parse(MemberParamsSchema, req.params, 'member');
    const body = parse(UpdateMemberBodySchema, req.body, 'member');
    return { member: await access.updateMember(principalOf(req), boardId, userId, body.role) };
  });

  app.delete('/api/boards/:boardId/members/:userId', async (req, reply) => {
    const { boardId, userId } = parse(MemberParamsSchema, req.params, 'member');
    await access.removeMember(principalOf(req), boardId, userId);
    return reply.code(204).send();
  });

  app.get('/api/boards/:boardId/wall-tokens', async (req) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    return { wallTokens: await access.listWallTokens(principalOf(req), boardId) };
  });

  app.post('/api/boards/:boardId/wall-tokens', async (req, reply) => {
    const { boardId } = parse(BoardParams, req.params, 'board id');
    const body = parse(CreateTokenBodySchema, req.body, 'wall token');
    return reply.code(201).send(await access.createWallToken(principalOf(req), boardId, body.name));
  });

  app.delete('/api/wall-tokens/:tokenId', async (req, reply) => {
    const { tokenId } = parse(TokenParams, req.params, 'token id');
    await access.revokeWallToken(principalOf(req), tokenId);
    return reply.code(204).send();
  });
}
