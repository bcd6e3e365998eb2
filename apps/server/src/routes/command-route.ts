import type { BoardState, Command } from '@obeya/domain';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ZodType } from 'zod';
import { AppError, invalidPayload } from '../errors.ts';
import type { BoardService } from '../services/board-service.ts';

/** Parses a request part with zod; bad input becomes a 400 with a readable message. */
export function parse<T>(schema: ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError(invalidPayload(what, parsed.error));
  return parsed.data;
}

/**
 * Runs a command for a REST request, through the same referee as socket commands. An
 * `Idempotency-Key` header makes a retried request apply at most once.
 */
export async function runCommand(
  boards: BoardService,
  req: FastifyRequest,
  boardId: string,
  command: Command,
): Promise<{ createdId?: string }> {
  const key = req.headers['idempotency-key'];
  const opId = typeof key === 'string' && key.length >= 8 && key.length <= 64 ? key : randomUUID();
  const ack = await boards.execute(boardId, opId, command, 'api');
  if (!ack.ok) throw new AppError(ack.error);
  return ack.createdId === undefined ? {} : { createdId: ack.createdId };
}

/** A column, lane or card of a board as it is now, after a command. */
export async function findEntity<K extends 'columns' | 'lanes' | 'cards'>(
  boards: BoardService,
  boardId: string,
  kind: K,
  id: string,
): Promise<BoardState[K][number] | undefined> {
  const list: ReadonlyArray<BoardState[K][number]> = (await boards.getBoard(boardId))[kind];
  return list.find((x) => x.id === id);
}
