import type { BoardEvent } from './events.ts';
import type { Rejection } from './errors.ts';
import type { Actor } from './model.ts';

/** What a command did when accepted: its events, and the id of anything it created. */
export interface Accepted {
  ok: true;
  events: BoardEvent[];
  createdId?: string;
}
export interface Refused {
  ok: false;
  rejection: Rejection;
}
export type Decision = Accepted | Refused;

/** What the pure rules need from the outside world, passed in so they stay deterministic. */
export interface DecisionContext {
  /** The server's clock, ISO-8601. */
  now: string;
  /** A fresh, unique id. */
  newId: () => string;
  /** Who sends the command (recorded on limit breaches). */
  actor: Actor;
  /**
   * The board's members, id to name, for commands that name people (see `needsMembers`); the
   * server loads them only then.
   */
  members?: ReadonlyMap<string, string>;
}

export function accept(events: BoardEvent[], createdId?: string): Accepted {
  return createdId === undefined ? { ok: true, events } : { ok: true, events, createdId };
}

export function refuse(rejection: Rejection): Refused {
  return { ok: false, rejection };
}
