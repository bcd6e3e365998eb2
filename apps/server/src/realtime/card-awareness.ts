import { stampAwarenessUpdate, type AwarenessUser, type Bytes } from '@obeya/sync';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';

/** Most awareness client ids one connection may hold in one card (a browser tab uses one). */
const MAX_CLIENTS_PER_CONNECTION = 4;

/**
 * The awareness states (cursors, selections) of everyone with one card open, as the server keeps
 * them: so a connection opening the card gets them at once, and a connection that leaves has its
 * states removed for the others even if it vanished without a word. Each state's `user` is
 * stamped from who the connection is, and a client id belongs to the connection that first used
 * it (or another connection of the same person, such as the same tab reconnected).
 */
export class CardAwareness {
  private readonly doc = new Y.Doc();
  private readonly awareness = new Awareness(this.doc);
  private readonly owners = new Map<number, { connection: string; person: string }>();

  constructor() {
    // The server has no cursor of its own.
    this.awareness.setLocalState(null);
  }

  /**
   * Applies an update from a connection, keeping only the client ids it may write and stamping
   * `user`. Returns the stamped update to pass on, or null when nothing is left of it. Throws on a
   * malformed update.
   */
  receive(connection: string, user: AwarenessUser, update: Bytes): Uint8Array | null {
    let held = this.clientsOf(connection).length;
    const owns = (clientId: number) => {
      const owner = this.owners.get(clientId);
      if (owner) return owner.connection === connection || owner.person === user.id;
      if (held >= MAX_CLIENTS_PER_CONNECTION) return false;
      held += 1;
      return true;
    };
    const stamped = stampAwarenessUpdate(update, owns, user);
    if (stamped.clientIds.length === 0) return null;
    for (const clientId of stamped.clientIds) this.owners.set(clientId, { connection, person: user.id });
    applyAwarenessUpdate(this.awareness, stamped.update, connection);
    return stamped.update;
  }

  /** Removes a connection's states; returns the update that tells the others, or null if it had none. */
  drop(connection: string): Uint8Array | null {
    const clientIds = this.clientsOf(connection);
    for (const clientId of clientIds) this.owners.delete(clientId);
    const known = clientIds.filter((clientId) => this.awareness.meta.has(clientId));
    if (known.length === 0) return null;
    removeAwarenessStates(this.awareness, known, connection);
    return encodeAwarenessUpdate(this.awareness, known);
  }

  /** Every current state, as one awareness update. */
  states(): Uint8Array {
    return encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]);
  }

  /** Stops the awareness' timer; call when nobody has the card open any more. */
  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }

  private clientsOf(connection: string): number[] {
    return [...this.owners].filter(([, owner]) => owner.connection === connection).map(([clientId]) => clientId);
  }
}
