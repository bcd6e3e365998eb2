import { commandRole, type BoardState, type Command } from '@obeya/domain';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ZodType } from 'zod';
import { AppError, invalidPayload } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import type { BoardService } from '../services/board-service.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from '../services/principal.ts';

/** Parses a request part with zod; bad input becomes a 400 with a readable message. */
export function parse<T>(schema: ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError(invalidPayload(what, parsed.error));
  return parsed.data;
}

/**
 * Runs a command for a REST request, through the same checks and referee as socket commands. An
 * `Idempotency-Key` header makes a retried request apply at most once.
 */
export async function runCommand(
  { boards, access }: Services,
  req: FastifyRequest,
  boardId: string,
  command: Command,
): Promise<{ createdId?: string }> {
  const principal = principalOf(req);
  await access.require(principal, boardId, commandRole[command.type]);
  const ack = await boards.execute(boardId, operationId(req), command, actorOf(principal));
  if (!ack.ok) throw new AppError(ack.error);
  return ack.createdId === undefined ? {} : { createdId: ack.createdId };
}

/** The request's `Idempotency-Key` when it is a usable operation id, else a fresh one. */
export function operationId(req: FastifyRequest): string {
  const key = req.headers['idempotency-key'];
  return typeof key === 'string' && key.length >= 8 && key.length <= 64 ? key : randomUUID();
}

/** A column, lane, card or column group of a board as it is now, after a command. */
export async function findEntity<K extends 'columns' | 'lanes' | 'cards' | 'groups'>(
  boards: BoardService,
  boardId: string,
  kind: K,
  id: string,
): Promise<BoardState[K][number] | undefined> {
  const list: ReadonlyArray<BoardState[K][number]> = (await boards.getBoard(boardId))[kind];
  return list.find((x) => x.id === id);
}
