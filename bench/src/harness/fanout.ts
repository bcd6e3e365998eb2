import { config } from '../config.ts';
import { columnOf, type BoardClient } from './client.ts';

interface PendingMove {
  cardId: string;
  to: string;
  sentAt: number;
  moverNode: number;
  /** Clients on the board (the mover excepted) that have not seen the move yet. */
  waiting: Set<BoardClient>;
  record: boolean;
  finish: () => void;
}

/**
 * Times every move from being sent to each other client on its board seeing the card in its new
 * column, in this one process (one clock). Each client's replica is watched through its `update`
 * events, and only the cards with a move in flight on that board are read.
 */
export class FanoutTracker {
  /** Send → seen, per (move, observer), by whether the observer is on the mover's node. */
  readonly sameNode: number[] = [];
  readonly crossNode: number[] = [];
  /** Send → the last observer seeing it, per move. */
  readonly allSeen: number[] = [];
  /** Send → the system's answer (Obeya: committed; relay: applied), per move. */
  readonly acks: number[] = [];
  /** Observations that never came within the timeout. */
  missed = 0;
  /** Those observations, to tell afterwards whether they came late or never. */
  readonly missing: Array<{ client: BoardClient; cardId: string; to: string; cross: boolean }> = [];
  /** Moves the system refused, by reason. */
  readonly refused = new Map<string, number>();
  private readonly clients = new Map<string, BoardClient[]>();
  private readonly pending = new Map<string, PendingMove[]>();

  watch(client: BoardClient): void {
    const list = this.clients.get(client.boardId) ?? [];
    list.push(client);
    this.clients.set(client.boardId, list);
    client.onChange(() => this.check(client));
  }

  /** All delivery samples, whatever the node. */
  get deliveries(): number[] {
    return [...this.sameNode, ...this.crossNode];
  }

  /**
   * Sends a move and resolves once everyone else on the board has seen it (or the timeout hit).
   * `record: false` for warm-up moves. Only one move per card may be in flight.
   */
  send(mover: BoardClient, cardId: string, to: string, lane: string, record = true): Promise<void> {
    const observers = (this.clients.get(mover.boardId) ?? []).filter((c) => c !== mover);
    const list = this.pending.get(mover.boardId) ?? [];
    this.pending.set(mover.boardId, list);
    return new Promise<void>((resolve) => {
      const move: PendingMove = {
        cardId,
        to,
        sentAt: performance.now(),
        moverNode: mover.node,
        waiting: new Set(observers),
        record,
        finish: () => {
          clearTimeout(timer);
          const i = list.indexOf(move);
          if (i >= 0) list.splice(i, 1);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        if (move.record) {
          this.missed += move.waiting.size;
          for (const client of move.waiting) {
            this.missing.push({ client, cardId, to, cross: client.node !== mover.node });
          }
        }
        move.finish();
      }, config.seenTimeoutMs);
      list.push(move);
      void mover.move(cardId, to, lane).then((result) => {
        if (!result.ok) {
          this.refused.set(result.reason, (this.refused.get(result.reason) ?? 0) + 1);
          move.finish();
        } else if (move.record) this.acks.push(performance.now() - move.sentAt);
      });
    });
  }

  /**
   * After the run: of the missed observations, how many replicas have the card in place by now
   * (late), and how many still do not (a replica that never converged).
   */
  missedSummary(): string {
    if (this.missing.length === 0) return 'none';
    const never = this.missing.filter((m) => columnOf(m.client.doc, m.cardId) !== m.to);
    const cross = this.missing.filter((m) => m.cross).length;
    const dropped = this.missing.filter((m) => m.client.dropped).length;
    const clients = new Set(this.missing.map((m) => m.client));
    const moves = new Set(this.missing.map((m) => `${m.cardId} ${m.to}`));
    // A replica holding updates it cannot apply yet lacks an earlier one: it missed a message.
    const gaps = [...clients].filter((c) => c.doc.store.pendingStructs !== null || c.doc.store.pendingDs !== null);
    const notices = [...new Set([...clients].flatMap((c) => c.notices))];
    return [
      `${this.missing.length} (${moves.size} moves, ${clients.size} clients; ${cross} cross-node; ${never.length} never arrived;`,
      `${dropped} on dropped connections; ${gaps.length} replicas waiting for a missing update; notices: ${notices.join(', ') || 'none'})`,
    ].join(' ');
  }

  private check(client: BoardClient): void {
    const list = this.pending.get(client.boardId);
    if (!list || list.length === 0) return;
    const now = performance.now();
    for (const move of [...list]) {
      if (!move.waiting.has(client) || columnOf(client.doc, move.cardId) !== move.to) continue;
      move.waiting.delete(client);
      const ms = now - move.sentAt;
      if (move.record) (client.node === move.moverNode ? this.sameNode : this.crossNode).push(ms);
      if (move.waiting.size === 0) {
        if (move.record) this.allSeen.push(ms);
        move.finish();
      }
    }
  }
}

/** Each card's column as the harness last sent it, to always move a card to the other column. */
export class CardShuffle {
  private readonly column = new Map<string, string>();
  private next = 0;

  constructor(
    private readonly cards: readonly string[],
    private readonly from: string,
    private readonly other: string,
  ) {}

  /** The next card in turn and the column to move it to (between the two unlimited columns). */
  take(): { cardId: string; to: string } {
    const cardId = this.cards[this.next++ % this.cards.length] ?? '';
    const to = (this.column.get(cardId) ?? this.from) === this.from ? this.other : this.from;
    this.column.set(cardId, to);
    return { cardId, to };
  }
}
