import {
  CommandSchemas,
  EnvelopeSchema,
  ErrorCode,
  commandRole,
  IdSchema,
  isCommandName,
  Role,
  type Command,
  type Rejection,
} from '@obeya/domain';
import {
  MAX_SOCKET_MESSAGE_BYTES,
  answerSyncStep1,
  encodeUpdateMessage,
  type ClientToServerEvents,
  type CommandAck,
  type PresenceEntry,
  type ServerToClientEvents,
} from '@obeya/sync';
import type { FastifyBaseLogger } from 'fastify';
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type * as Y from 'yjs';
import { z } from 'zod';
import { AppError, invalidPayload } from '../errors.ts';
import type { Authenticate } from '../plugins/auth.ts';
import { TokenBucket } from '../security/rate-limiter.ts';
import type { Services } from '../services/index.ts';
import { actorOf, displayName, type Principal } from '../services/principal.ts';
import { AccessWatch } from './access-watch.ts';
import { socketAuthenticator } from './socket-auth.ts';

/** What the server knows about each connection; set at the handshake, never by the client. */
export interface SocketData {
  principal: Principal;
  /** The boards this connection joined, with its role on each when last checked. */
  roles: Map<string, Role>;
  bucket: TokenBucket;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface GatewayOptions {
  trustedOrigins: readonly string[];
  /** Messages per connection: a burst of `burst`, then `perSecond`. */
  messageRate: { burst: number; perSecond: number };
  /** How often every open connection's credentials and roles are checked again. */
  accessRecheckMs: number;
}

const JoinSchema = z.object({ boardId: IdSchema, syncStep1: z.instanceof(Uint8Array) }).strict();
const LeaveSchema = z.object({ boardId: IdSchema }).strict();

const ROOM_PREFIX = 'board:';
export const roomOf = (boardId: string) => `${ROOM_PREFIX}${boardId}`;

/** Whether at least one of this node's connections has joined the board. */
export function isJoined(io: IoServer, boardId: string): boolean {
  return io.of('/').adapter.rooms.has(roomOf(boardId));
}

/** The boards that at least one of this node's connections has joined. */
export function joinedBoards(io: IoServer): string[] {
  const rooms = [...io.of('/').adapter.rooms.keys()];
  return rooms.filter((r) => r.startsWith(ROOM_PREFIX)).map((r) => r.slice(ROOM_PREFIX.length));
}

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

/** The sync reply to a client's state vector; garbage in the message is the client's error, not ours. */
function answerOrRefuse(doc: Y.Doc, syncStep1: Uint8Array): Uint8Array {
  try {
    return answerSyncStep1(doc, syncStep1);
  } catch {
    throw new AppError({
      code: ErrorCode.invalidPayload,
      message: 'Invalid board:join: syncStep1 is not a y-protocols sync step 1 message.',
    });
  }
}

function toRejection(err: unknown, log: FastifyBaseLogger): Rejection {
  if (err instanceof AppError) return err.rejection;
  log.error({ err }, 'socket handler failed');
  return { code: ErrorCode.internal, message: 'Something went wrong on the server; the change was not saved.' };
}

/**
 * Socket.io endpoint: authenticated connections join the boards their role allows (y-protocols
 * handshake), receive every committed update, and send commands that are authorised and then
 * admitted or refused by the board service.
 */
export function attachSocketGateway(
  httpServer: HttpServer,
  services: Services,
  authenticate: Authenticate,
  options: GatewayOptions,
  log: FastifyBaseLogger,
): { io: IoServer; watch: AccessWatch } {
  const { boards, access } = services;
  const io: IoServer = new Server(httpServer, {
    serveClient: false,
    // Messages above our own limit get a clear error below; this transport cap only stops abuse.
    maxHttpBufferSize: 16 * MAX_SOCKET_MESSAGE_BYTES,
    cors: { origin: false },
  });
  const presence = async (boardId: string) => {
    const sockets = await io.in(roomOf(boardId)).fetchSockets();
    // One entry per person or screen, however many tabs they have open.
    const people = new Map<string, PresenceEntry>();
    for (const s of sockets) {
      const entry = displayName(s.data.principal);
      people.set(entry.id, entry);
    }
    const list = [...people.values()];
    io.to(roomOf(boardId)).emit('board:presence', { boardId, people: list });
    return list;
  };
  const watch = new AccessWatch(io, services, presence, log);

  const authenticateSocket = socketAuthenticator(authenticate, options.trustedOrigins);
  io.use((socket, next) => {
    authenticateSocket(socket).then(
      (principal) => {
        socket.data = {
          principal,
          roles: new Map(),
          bucket: new TokenBucket(options.messageRate.burst, options.messageRate.perSecond),
        };
        next();
      },
      (err: Error) => next(err),
    );
  });

  boards.committed.on('update', ({ boardId, update }) => {
    io.to(roomOf(boardId)).emit('board:synced', { boardId, message: encodeUpdateMessage(update) });
  });

  io.on('connection', (socket: IoSocket) => {
    socket.use(([event, ...args], next) => {
      const ack = args.at(-1);
      const refuse = (rejection: Rejection) =>
        typeof ack === 'function'
          ? (ack as (r: CommandAck) => void)({ ok: false, error: rejection })
          : socket.emit('error:raised', rejection);
      if (!socket.data.bucket.take()) {
        refuse({
          code: ErrorCode.rateLimited,
          message: 'Too many messages: slow down.',
          details: { retryAfterSeconds: 1 },
        });
        return;
      }
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
      const { boardId, syncStep1 } = parsed.data;
      try {
        const role = await access.require(socket.data.principal, boardId, Role.viewer);
        const room = await boards.openBoard(boardId);
        const syncStep2 = await room.exclusive(async () => {
          const reply = answerOrRefuse(room.doc, syncStep1);
          // Join before answering so no update committed in between is missed.
          await socket.join(roomOf(boardId));
          return reply;
        });
        socket.data.roles.set(boardId, role);
        ack({ ok: true, syncStep2, presence: await presence(boardId), role });
      } catch (err) {
        ack({ ok: false, error: toRejection(err, log) });
      }
    });

    socket.on('board:leave', async (payload) => {
      const parsed = LeaveSchema.safeParse(payload);
      if (!parsed.success) return;
      socket.data.roles.delete(parsed.data.boardId);
      await socket.leave(roomOf(parsed.data.boardId));
      await presence(parsed.data.boardId);
    });

    socket.on('disconnecting', () => {
      const left = [...socket.data.roles.keys()];
      setImmediate(() => left.forEach((boardId) => void presence(boardId)));
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
          // Checked against storage on every command, so a role change applies to the very next one.
          await access.require(socket.data.principal, boardId, commandRole[name]);
          const command = { type: name, ...fields } as Command;
          ack(await boards.execute(boardId, opId, command, actorOf(socket.data.principal)));
        } catch (err) {
          ack({ ok: false, error: toRejection(err, log) });
        }
      });
    }
  });

  watch.start(options.accessRecheckMs);
  return { io, watch };
}
