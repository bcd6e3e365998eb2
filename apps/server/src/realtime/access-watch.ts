import { ErrorCode } from '@obeya/domain';
import type { PresenceEntry } from '@obeya/sync';
import type { FastifyBaseLogger } from 'fastify';
import type { Services } from '../services/index.ts';
import type { Credential } from '../services/principal.ts';
import type { IoServer, IoSocket } from './sockets.ts';

/**
 * Keeps open connections within what their credentials and roles allow now. Changes made on
 * this node (sign-out, token or membership revoked, board deleted) apply at once, and through the
 * socket.io adapter at once on the other nodes too; a periodic re-check of every connection
 * catches whatever that missed (a node that was unreachable, an expiry).
 */
export class AccessWatch {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly io: IoServer,
    private readonly services: Services,
    private readonly presence: (boardId: string) => Promise<PresenceEntry[]>,
    /** Takes a connection off a board (its room, its open cards). */
    private readonly leave: (socket: IoSocket, boardId: string) => Promise<void>,
    private readonly log: FastifyBaseLogger,
    /** Whether other server nodes listen through the adapter. */
    clustered: boolean,
  ) {
    const onBoard = (boardId: string) => void this.recheck(() => this.socketsOn(boardId));
    const onCredential = (credential: Credential) => void this.recheck(() => this.socketsUsing(credential));
    const tell = clustered ? io.serverSideEmit.bind(io) : () => true;
    const boardChanged = (boardId: string) => {
      onBoard(boardId);
      tell('access:board', boardId);
    };
    services.access.changed.on('board', boardChanged);
    services.boards.deleted.on('board', boardChanged);
    services.accounts.revoked.on('credential', (credential) => {
      onCredential(credential);
      tell('access:credential', credential);
    });
    io.on('access:board', onBoard);
    io.on('access:credential', onCredential);
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.recheck(() => this.allSockets()), intervalMs).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Re-checks the selected sockets; checks run one after another so their answers never cross. */
  recheck(select: () => IoSocket[]): Promise<void> {
    this.running = this.running
      .then(() => this.check(select()))
      .catch((err: unknown) => this.log.error({ err }, 'access re-check failed'));
    return this.running;
  }

  private allSockets(): IoSocket[] {
    return [...this.io.of('/').sockets.values()];
  }

  private socketsOn(boardId: string): IoSocket[] {
    return this.allSockets().filter((s) => s.data.roles.has(boardId));
  }

  private socketsUsing(credential: Credential): IoSocket[] {
    return this.allSockets().filter((s) => s.data.principal.credential.id === credential.id);
  }

  private async check(sockets: IoSocket[]): Promise<void> {
    if (sockets.length === 0) return;
    const { accounts, access } = this.services;
    const credentials = sockets.map((s) => s.data.principal.credential);
    const live = await accounts.liveCredentials(credentials);
    const walls = await access.liveWallTokens(credentials.filter((c) => c.kind === 'wallToken').map((c) => c.id));
    // The roles as they are now: a board joined while storage is asked is not part of this check.
    const checked = new Map(sockets.map((s) => [s, [...s.data.roles]] as const));
    const pairs = sockets.flatMap((s) => {
      const p = s.data.principal;
      return p.kind === 'user' ? (checked.get(s) ?? []).map(([boardId]) => ({ userId: p.user.id, boardId })) : [];
    });
    const roles = await access.rolesOf(pairs);
    const touched = new Set<string>();
    for (const socket of sockets) {
      const { principal } = socket.data;
      const alive = principal.kind === 'wall' ? walls.has(principal.credential.id) : live.has(principal.credential.id);
      if (!alive) {
        socket.data.roles.forEach((_role, boardId) => touched.add(boardId));
        socket.emit('error:raised', { code: ErrorCode.unauthenticated, message: 'Your session ended: sign in again.' });
        socket.disconnect(true);
        continue;
      }
      for (const [boardId, before] of checked.get(socket) ?? []) {
        // Left, or joined again, while storage was asked: the next check sees it as it is then.
        if (socket.data.roles.get(boardId) !== before) continue;
        const now = principal.kind === 'wall' ? before : (roles.get(`${principal.user.id} ${boardId}`) ?? null);
        if (now === before) continue;
        touched.add(boardId);
        socket.emit('board:access', { boardId, role: now });
        if (now === null) await this.leave(socket, boardId);
        else socket.data.roles.set(boardId, now);
      }
    }
    await Promise.all([...touched].map((boardId) => this.presence(boardId)));
  }
}
