import {
  CommandSchemas,
  CommentCommandSchemas,
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
  MAX_CARD_EDIT_BYTES,
  MAX_SOCKET_MESSAGE_BYTES,
  encodeUpdateMessage,
  encodeWholeSyncStep2,
  type CommandAck,
} from '@obeya/sync';
import type { FastifyBaseLogger } from 'fastify';
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { z } from 'zod';
import { invalidPayload } from '../errors.ts';
import type { Authenticate } from '../plugins/auth.ts';
import { TokenBucket } from '../security/rate-limiter.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from '../services/principal.ts';
import { AccessWatch } from './access-watch.ts';
import { BoardPresence, leaveBoard, registerPresenceHandlers } from './board-presence.ts';
import { registerCardContentHandlers } from './card-content-handlers.ts';
import { cardRoomOf, CardSessions } from './card-sessions.ts';
import { socketAuthenticator } from './socket-auth.ts';
import { answerOrRefuse, emptyRecord, roomOf, toRejection, type IoServer, type IoSocket } from './sockets.ts';

export { isJoined, joinedBoards, roomOf, type IoServer, type IoSocket, type SocketData } from './sockets.ts';

export interface GatewayOptions {
  trustedOrigins: readonly string[];
  /** Messages per connection: a burst of `burst`, then `perSecond`. */
  messageRate: { burst: number; perSecond: number };
  /** How often every open connection's credentials and roles are checked again. */
  accessRecheckMs: number;
  /** The socket.io adapter that connects this node with the others; none on a single node. */
  adapter?: ServerOptions['adapter'];
}

const JoinSchema = z
  .object({ boardId: IdSchema, epoch: z.number().int().nonnegative(), syncStep1: z.instanceof(Uint8Array) })
  .strict();
const LeaveSchema = z.object({ boardId: IdSchema }).strict();

/** Messages the protocol defines without an acknowledgement. */
const UNACKNOWLEDGED_EVENTS = new Set<string>(['board:leave', 'board:dragging', 'card:close', 'card:awareness']);

/** Every message a client may send; anything else is refused before a handler sees it. */
const CLIENT_EVENTS = new Set<string>([
  'board:join',
  'board:leave',
  'board:dragging',
  'card:open',
  'card:close',
  'card:edit',
  'card:awareness',
  ...Object.keys(CommentCommandSchemas),
]);

/**
 * JSON replacer that stands binary in for a short marker. It looks at the holder's own value: a
 * Node Buffer's `toJSON` has already turned `value` into an array of numbers, four times longer.
 */
function binaryAsMarker(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Uint8Array ? `b${original.byteLength}` : value;
}

/** Rough size of a message's arguments, counting binary by its bytes. */
function messageSize(args: unknown[]): number {
  let size = 0;
  for (const arg of args) {
    if (typeof arg === 'function') continue;
    size += JSON.stringify(arg, binaryAsMarker)?.length ?? 0;
    size += collectBinary(arg);
  }
  return size;
}

function collectBinary(value: unknown): number {
  if (value instanceof Uint8Array) return value.byteLength;
  if (value && typeof value === 'object') return Object.values(value).reduce<number>((n, v) => n + collectBinary(v), 0);
  return 0;
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
): { io: IoServer; watch: AccessWatch; cards: CardSessions; presence: BoardPresence } {
  const { boards, access, content } = services;
  const io: IoServer = new Server(httpServer, {
    serveClient: false,
    // Messages above our own limit get a clear error below; this transport cap only stops abuse.
    maxHttpBufferSize: 2 * MAX_CARD_EDIT_BYTES,
    cors: { origin: false },
    // A browser that vanishes (closed lid, lost network) leaves the presence list and its cursors
    // disappear within 15 s, instead of the default 45 s.
    pingInterval: 10_000,
    pingTimeout: 5_000,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  const clustered = options.adapter !== undefined;
  const cards = new CardSessions(io);
  const boardPresence = new BoardPresence(io, log, clustered);
  const presence = (boardId: string) => boardPresence.broadcast(boardId);
  const leave = (socket: IoSocket, boardId: string) => leaveBoard(socket, boardId, cards);
  const watch = new AccessWatch(io, services, presence, leave, log, clustered);

  const authenticateSocket = socketAuthenticator(authenticate, options.trustedOrigins);
  io.use((socket, next) => {
    authenticateSocket(socket).then(
      (principal) => {
        socket.data = {
          principal,
          roles: new Map(),
          cards: emptyRecord(),
          dragging: emptyRecord(),
          bucket: new TokenBucket(options.messageRate.burst, options.messageRate.perSecond),
        };
        next();
      },
      (err: Error) => next(err),
    );
  });

  // Committed updates go to this node's connections only: every other node reads them from the
  // stored log (board-feed.ts), so sending them through the adapter would deliver them twice.
  boards.committed.on('update', ({ boardId, epoch, update }) => {
    io.local.to(roomOf(boardId)).emit('board:synced', { boardId, epoch, message: encodeUpdateMessage(update) });
  });
  content.committed.on('update', ({ cardId, update, origin }) => {
    const room = io.local.to(cardRoomOf(cardId));
    (origin === null ? room : room.except(origin)).emit('card:synced', {
      cardId,
      message: encodeUpdateMessage(update),
    });
  });

  io.on('connection', (socket: IoSocket) => {
    socket.use((packet, next) => {
      const [event, ...args] = packet;
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
      if (!CLIENT_EVENTS.has(event) && !isCommandName(event)) {
        refuse({ code: ErrorCode.invalidPayload, message: `Unknown message "${event}".` });
        return;
      }
      const maxBytes = event === 'card:edit' ? MAX_CARD_EDIT_BYTES : MAX_SOCKET_MESSAGE_BYTES;
      if (messageSize(args) > maxBytes) {
        refuse({ code: ErrorCode.payloadTooLarge, message: `Message larger than ${maxBytes} bytes.` });
        return;
      }
      // A client with socket.io's `retries` sends even these with an acknowledgement and sends
      // nothing else (commands included) until it arrives: acknowledge receipt at once.
      if (UNACKNOWLEDGED_EVENTS.has(event) && typeof ack === 'function') (packet.pop() as () => void)();
      next();
    });

    socket.on('board:join', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = JoinSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: invalidPayload('board:join', parsed.error) });
      const { boardId, epoch, syncStep1 } = parsed.data;
      try {
        const role = await access.require(socket.data.principal, boardId, Role.viewer);
        const answer = await boards.withBoard(boardId, async (room) => {
          const reply = answerOrRefuse(room.doc, syncStep1, 'board:join');
          // A copy of another epoch is another document: it gets the whole of this one.
          const syncStep2 = epoch === room.epoch ? reply : encodeWholeSyncStep2(room.doc);
          // Join before answering so no update committed in between is missed.
          await socket.join(roomOf(boardId));
          return { epoch: room.epoch, syncStep2 };
        });
        socket.data.roles.set(boardId, role);
        ack({ ok: true, ...answer, presence: await presence(boardId), role });
      } catch (err) {
        ack({ ok: false, error: toRejection(err, log) });
      }
    });

    socket.on('board:leave', async (payload) => {
      const parsed = LeaveSchema.safeParse(payload);
      if (!parsed.success) return;
      await leave(socket, parsed.data.boardId);
      await presence(parsed.data.boardId);
    });

    socket.on('disconnecting', () => {
      const left = [...socket.data.roles.keys()];
      // Its cursors go now; presence once it has left the rooms.
      for (const boardId of left) void cards.closeBoard(socket, boardId);
      setImmediate(() => left.forEach((boardId) => void presence(boardId)));
    });

    registerPresenceHandlers(socket, boardPresence);
    registerCardContentHandlers(socket, { presence: boardPresence, content, cards, log });

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
  return { io, watch, cards, presence: boardPresence };
}
