import { ErrorCode } from '@obeya/domain';
import { personColor, type AwarenessUser, type Bytes, type CardRef } from '@obeya/sync';
import { AppError } from '../errors.ts';
import { roomIds, type IoServer, type IoSocket } from './sockets.ts';
import { CardAwareness } from './card-awareness.ts';
import { displayName } from '../services/principal.ts';

const CARD_ROOM_PREFIX = 'card:';
/** The socket.io room of everyone with a card's content open. */
export const cardRoomOf = (cardId: string) => `${CARD_ROOM_PREFIX}${cardId}`;

/** Whether a connection has the card open (on that board). */
export function hasOpen(socket: IoSocket, { boardId, cardId }: CardRef): boolean {
  return socket.data.cards[boardId]?.includes(cardId) ?? false;
}

/** Who a connection is, as its awareness states say it to others. */
function awarenessUser(socket: IoSocket): AwarenessUser {
  const { id, name } = displayName(socket.data.principal);
  return { id, name, color: personColor(id) };
}

/**
 * Which connections have which cards open, and each open card's awareness. A card's awareness
 * lives while at least one connection of this node has the card open.
 */
export class CardSessions {
  private readonly awareness = new Map<string, CardAwareness>();

  constructor(private readonly io: IoServer) {}

  /** Whether at least one of this node's connections has the card open. */
  isOpen(cardId: string): boolean {
    return this.io.of('/').adapter.rooms.has(cardRoomOf(cardId));
  }

  /** The cards this node's connections have open. */
  openCards(): string[] {
    return roomIds(this.io, CARD_ROOM_PREFIX);
  }

  /**
   * Records that the connection has the card open and puts it in the card's room (before the
   * caller answers, so it misses no update); answers everyone's awareness states.
   */
  async open(socket: IoSocket, { boardId, cardId }: CardRef): Promise<Uint8Array> {
    // Checked here, right before joining: the connection may have gone, or left the board (lost
    // access), while the card was being loaded; joining then would leave a room nobody closes.
    if (!socket.connected || !socket.data.roles.has(boardId)) {
      throw new AppError({ code: ErrorCode.notJoined, message: 'Join the board before opening its cards.' });
    }
    await socket.join(cardRoomOf(cardId));
    const open = socket.data.cards[boardId] ?? [];
    if (!open.includes(cardId)) socket.data.cards[boardId] = [...open, cardId];
    return this.awarenessOf(cardId).states();
  }

  /** Closes the card for the connection: its cursors disappear for the others. */
  async close(socket: IoSocket, { boardId, cardId }: CardRef): Promise<void> {
    const open = socket.data.cards[boardId] ?? [];
    if (!open.includes(cardId)) return;
    const rest = open.filter((id) => id !== cardId);
    if (rest.length === 0) delete socket.data.cards[boardId];
    else socket.data.cards[boardId] = rest;
    const removal = this.awareness.get(cardId)?.drop(socket.id);
    if (removal) socket.to(cardRoomOf(cardId)).emit('card:awareness', { cardId, update: removal });
    await socket.leave(cardRoomOf(cardId));
    this.release(cardId);
  }

  /** Closes every card of the board the connection has open. */
  async closeBoard(socket: IoSocket, boardId: string): Promise<void> {
    for (const cardId of socket.data.cards[boardId] ?? []) await this.close(socket, { boardId, cardId });
  }

  /**
   * Passes a connection's awareness update on to the others with the card open, stamped with who
   * it is from. Throws on a malformed update.
   */
  relay(socket: IoSocket, { cardId }: CardRef, update: Bytes): void {
    const stamped = this.awarenessOf(cardId).receive(socket.id, awarenessUser(socket), update);
    if (stamped) socket.to(cardRoomOf(cardId)).emit('card:awareness', { cardId, update: stamped });
  }

  /** Stops every card's awareness (server shutdown). */
  clear(): void {
    for (const awareness of this.awareness.values()) awareness.destroy();
    this.awareness.clear();
  }

  private awarenessOf(cardId: string): CardAwareness {
    let awareness = this.awareness.get(cardId);
    if (!awareness) {
      awareness = new CardAwareness();
      this.awareness.set(cardId, awareness);
    }
    return awareness;
  }

  /** Drops the card's awareness once nobody on this node has the card open. */
  private release(cardId: string): void {
    if (this.isOpen(cardId)) return;
    this.awareness.get(cardId)?.destroy();
    this.awareness.delete(cardId);
  }
}
