import { CommandSchemas, EnvelopeSchema, ErrorCode, isCommandName, type Command, type Rejection } from '@obeya/domain';
import {
  MAX_SOCKET_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  answerSyncStep1,
  encodeUpdateMessage,
  type ClientToServerEvents,
  type CommandAck,
  type ServerToClientEvents,
} from '@obeya/sync';
import type { FastifyBaseLogger } from 'fastify';
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { AppError, invalidPayload } from '../errors.ts';
import type { BoardService } from '../services/board-service.ts';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const JoinSchema = z.object({ boardId: z.string().min(1).max(64), syncStep1: z.instanceof(Uint8Array) });
const LeaveSchema = z.object({ boardId: z.string().min(1).max(64) });

const roomOf = (boardId: string) => `board:${boardId}`;

/** Rough size of a message's arguments, counting binary by its bytes. */
function messageSize(args: unknown[]): number {
  let size = 0;
  for (const arg of args) {
    if (typeof arg === 'function') continue;
    size += JSON.stringify(arg, (_k, v: unknown) => (v instanceof Uint8Array ? `b${v.byteLength}` : v))?.length ?? 0;
    size += collectBinary(arg);
  }
  return size;
}

function collectBinary(value: unknown): number {
  if (value instanceof Uint8Array) return value.byteLength;
  if (value && typeof value === 'object') return Object.values(value).reduce<number>((n, v) => n + collectBinary(v), 0);
  return 0;
}

function toRejection(err: unknown, log: FastifyBaseLogger): Rejection {
  if (err instanceof AppError) return err.rejection;
  log.error({ err }, 'socket handler failed');
  return { code: ErrorCode.internal, message: 'Something went wrong on the server; the change was not saved.' };
}

/**
 * Socket.io endpoint: clients join boards (y-protocols handshake), receive every committed
 * update, and send commands that the board service admits or refuses.
 */
export function attachSocketGateway(httpServer: HttpServer, boards: BoardService, log: FastifyBaseLogger): IoServer {
  const io: IoServer = new Server(httpServer, {
    serveClient: false,
    // Messages above our own limit get a clear error below; this transport cap only stops abuse.
    maxHttpBufferSize: 16 * MAX_SOCKET_MESSAGE_BYTES,
    cors: { origin: false },
  });

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { protocol?: unknown };
    if (auth.protocol !== PROTOCOL_VERSION) {
      next(new Error(`This page speaks protocol ${String(auth.protocol)}, the server ${PROTOCOL_VERSION}: reload it.`));
      return;
    }
    next();
  });

  boards.committed.on('update', ({ boardId, update }) => {
    io.to(roomOf(boardId)).emit('board:synced', { boardId, message: encodeUpdateMessage(update) });
  });

  const presence = (boardId: string) => {
    const count = io.sockets.adapter.rooms.get(roomOf(boardId))?.size ?? 0;
    io.to(roomOf(boardId)).emit('board:presence', { boardId, count });
  };

  io.on('connection', (socket: IoSocket) => {
    socket.use(([event, ...args], next) => {
      const ack = args.at(-1);
      const refuse = (rejection: Rejection) =>
        typeof ack === 'function'
          ? (ack as (r: CommandAck) => void)({ ok: false, error: rejection })
          : socket.emit('error:raised', rejection);
      if (event !== 'board:join' && event !== 'board:leave' && !isCommandName(event)) {
        refuse({ code: ErrorCode.invalidPayload, message: `Unknown message "${event}".` });
        return;
      }
      if (messageSize(args) > MAX_SOCKET_MESSAGE_BYTES) {
        refuse({ code: ErrorCode.payloadTooLarge, message: `Message larger than ${MAX_SOCKET_MESSAGE_BYTES} bytes.` });
        return;
      }
      next();
    });

    socket.on('board:join', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = JoinSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: invalidPayload('board:join', parsed.error) });
      try {
        const room = await boards.openBoard(parsed.data.boardId);
        const syncStep2 = await room.exclusive(async () => {
          // Join before answering so no update committed in between is missed.
          await socket.join(roomOf(room.boardId));
          return answerSyncStep1(room.doc, parsed.data.syncStep1);
        });
        const count = io.sockets.adapter.rooms.get(roomOf(room.boardId))?.size ?? 0;
        ack({ ok: true, syncStep2, presence: count });
        presence(room.boardId);
      } catch (err) {
        ack({ ok: false, error: toRejection(err, log) });
      }
    });

    socket.on('board:leave', async (payload) => {
      const parsed = LeaveSchema.safeParse(payload);
      if (!parsed.success) return;
      await socket.leave(roomOf(parsed.data.boardId));
      presence(parsed.data.boardId);
    });

    socket.on('disconnecting', () => {
      const left = [...socket.rooms].filter((r) => r.startsWith('board:'));
      setImmediate(() => left.forEach((r) => presence(r.slice('board:'.length))));
    });

    for (const name of Object.keys(CommandSchemas)) {
      if (!isCommandName(name)) continue;
      const schema = EnvelopeSchema.extend(CommandSchemas[name].shape).strict();
      socket.on(name, async (payload: unknown, ack: (result: CommandAck) => void) => {
        if (typeof ack !== 'function') return;
        const parsed = schema.safeParse(payload);
        if (!parsed.success) return ack({ ok: false, error: invalidPayload(name, parsed.error) });
        const { opId, boardId, ...fields } = parsed.data;
        try {
          ack(await boards.execute(boardId, opId, { type: name, ...fields } as Command, 'anonymous'));
        } catch (err) {
          ack({ ok: false, error: toRejection(err, log) });
        }
      });
    }
  });

  return io;
}
