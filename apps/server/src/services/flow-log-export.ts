import { orderedColumns, type BoardEvent, type BoardState } from '@obeya/domain';

/** An event as the log stores it: what happened and the server's time. */
export interface StoredEvent {
  payload: unknown;
  at: string;
}

type FlowLine = Record<string, unknown> & { type: string };

/**
 * The board's history in the open flow-log format (version 1, see packages/metrics/SPEC.md): the
 * workflow as the board has it now, then every card event in the order the server applied them.
 * Moves within a column (reordering, changing lane) are not flow and are left out.
 */
export function flowLogLines(board: BoardState, events: readonly StoredEvent[]): FlowLine[] {
  const columns = orderedColumns(board);
  const workflow: FlowLine = {
    type: 'workflow',
    columns: columns.map((c) => ({ id: c.id, name: c.name, kind: c.kind })),
    start: board.startColumnId ?? columns[0]?.id,
    finish: board.finishColumnId ?? columns.at(-1)?.id,
    // Boards have no time zone setting yet; days are UTC days until they do.
    timeZone: 'UTC',
  };
  const lines = [workflow];
  for (const { payload, at } of events) {
    const line = cardLine(payload as BoardEvent, new Date(at).toISOString());
    if (line) lines.push(line);
  }
  return lines;
}

function cardLine(event: BoardEvent, at: string): FlowLine | null {
  switch (event.type) {
    case 'card.created':
      return { type: 'created', card: event.card.id, at, column: event.card.columnId, title: event.card.title };
    case 'card.moved':
      return event.from.columnId === event.to.columnId
        ? null
        : { type: 'moved', card: event.cardId, at, from: event.from.columnId, to: event.to.columnId };
    case 'card.archived':
      return { type: 'archived', card: event.cardId, at };
    case 'card.blocked':
      return { type: 'blocked', card: event.cardId, at, reason: event.blocker.reason, waste: event.blocker.waste };
    case 'card.unblocked':
      return { type: 'unblocked', card: event.cardId, at };
    default:
      return null;
  }
}

/** JSON Lines: one object per line, a final newline. */
export function toJsonLines(lines: readonly object[]): string {
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}
