import type { BoardState } from '@obeya/domain';
import { parseFlowLog, type FlowLog } from '@obeya/metrics';
import type { BoardRepository } from '../repositories/board-repository.ts';
import { cardLines, workflowLine } from './flow-log-export.ts';

/** How many boards' logs are kept; the least recently read is dropped first. */
const DEFAULT_CAPACITY = 16;

/** A board's flow log as text lines and parsed, up to the event with id `lastId`. */
interface Entry {
  workflow: string;
  lastId: number;
  /** The card event lines as JSON, in log order. */
  lines: string[];
  log: FlowLog;
}

/** A board's flow log: as the export's text, and parsed as the metrics read it. */
export interface BoardFlowLog {
  text: () => string;
  log: FlowLog;
}

/**
 * Keeps the flow logs of recently read boards and extends them with the events stored since,
 * so a board with a year of history does not read and parse 40 000 events for every chart
 * refresh. The log is the export's very text run through the CLI's parser, only in pieces: the
 * events are append-only, so parsing the new lines and appending gives the same log as parsing
 * the whole. A change of workflow (columns, points, kinds) parses the whole again.
 */
export class FlowLogCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly repo: BoardRepository,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /**
   * The board's flow log up to its last stored event. Each entry is derived from the previous one
   * without changing it, so two reads at once cannot append the same events twice; at worst the
   * slower one leaves an older entry behind, which the next read extends.
   */
  async read(board: BoardState): Promise<BoardFlowLog> {
    const { workflow, lines, log } = await this.#refresh(board);
    return { text: () => [workflow, ...lines].join('\n') + '\n', log };
  }

  /** Forgets a board (deleted). */
  drop(boardId: string): void {
    this.#entries.delete(boardId);
  }

  async #refresh(board: BoardState): Promise<Entry> {
    const cached = this.#entries.get(board.id);
    const rows = await this.repo.listEvents(board.id, cached?.lastId ?? 0);
    const fresh = cardLines(rows).map((line) => JSON.stringify(line));
    const workflow = JSON.stringify(workflowLine(board));
    const lastId = rows.at(-1)?.id ?? cached?.lastId ?? 0;
    const entry: Entry =
      cached && cached.workflow === workflow
        ? {
            workflow,
            lastId,
            lines: fresh.length === 0 ? cached.lines : cached.lines.concat(fresh),
            log:
              fresh.length === 0
                ? cached.log
                : { workflow: cached.log.workflow, events: cached.log.events.concat(parse(workflow, fresh).events) },
          }
        : {
            workflow,
            lastId,
            lines: [...(cached?.lines ?? []), ...fresh],
            log: parse(workflow, cached?.lines ?? [], fresh),
          };
    // Re-inserted last: the map's order is the order boards were read in.
    this.#entries.delete(board.id);
    this.#entries.set(board.id, entry);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.capacity) break;
      this.#entries.delete(oldest);
    }
    return entry;
  }
}

/** Parses lines of the board's own export; a line it cannot read is a bug, not the caller's fault. */
function parse(workflow: string, ...lines: string[][]): FlowLog {
  const parsed = parseFlowLog([workflow, ...lines.flat()].join('\n'));
  if (!parsed.ok) throw new Error(`the flow-log export is invalid: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  return parsed.log;
}
