import { orderedColumns, type BoardEvent, type BoardState, type CardContentEvent } from '@obeya/domain';

/** An event as the log stores it: what happened and the server's time. */
export interface StoredEvent {
  payload: unknown;
  at: string;
}

type FlowLine = Record<string, unknown> & { type: string };

/** The flow log's first line: the workflow as the board has it now. */
export function workflowLine(board: BoardState): FlowLine {
  const columns = orderedColumns(board);
  return {
    type: 'workflow',
    columns: columns.map((c) => ({ id: c.id, name: c.name, kind: c.kind })),
    start: board.startColumnId ?? columns[0]?.id,
    finish: board.finishColumnId ?? columns.at(-1)?.id,
    // Boards have no time zone setting yet; days are UTC days until they do.
    timeZone: 'UTC',
  };
}

/**
 * The flow-log lines (open format, version 1, see packages/metrics/SPEC.md) of stored events, in
 * the order the server applied them. Moves within a column (reordering, changing lane) are not
 * flow and are left out, as are events about anything but cards.
 */
export function cardLines(events: readonly StoredEvent[]): FlowLine[] {
  const lines: FlowLine[] = [];
  for (const { payload, at } of events) {
    // The log holds content events too (comments, description edits): they are not flow.
    const line = cardLine(payload as BoardEvent | CardContentEvent, new Date(at).toISOString());
    if (line) lines.push(line);
  }
  return lines;
}

/** The board's whole history as a flow log: the workflow, then every card event. */
export function flowLogLines(board: BoardState, events: readonly StoredEvent[]): FlowLine[] {
  return [workflowLine(board), ...cardLines(events)];
}

function cardLine(event: BoardEvent | CardContentEvent, at: string): FlowLine | null {
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
