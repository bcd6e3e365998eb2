import { ColumnKind, Waste } from './flow-log.ts';
import { formatInstant } from './instant.ts';
import { seededRandom } from './random.ts';
import type { Random } from './random.ts';

/** A flow-log line as written to a file (timestamps as ISO-8601 strings). */
export type FlowLogLine = Record<string, unknown> & { type: string };

export interface SyntheticOptions {
  seed: number;
  cards: number;
  /** Creation times are spread over `[start, start + days)`. */
  start: number;
  days: number;
  timeZone?: string;
  /**
   * Let every card run to the end of its life (done, back in the backlog, discarded or deleted), ignoring the span's
   * end, so the log ends with no work in progress.
   */
  settle?: boolean;
}

const HOUR = 3_600_000;
const COLUMNS = ['backlog', 'ready', 'doing', 'review', 'test', 'done'] as const;
const DONE = COLUMNS.length - 1;
const REASONS = ['waiting for vendor', 'content missing', 'waiting for backend', 'test env down', 'unclear scope'];
const WASTES = Object.values(Waste);

/** The workflow of synthetic logs: six columns, started at `ready`, finished at `done`. */
export function syntheticWorkflow(timeZone = 'UTC'): FlowLogLine {
  const kinds: Record<string, string> = { doing: ColumnKind.active, test: ColumnKind.active };
  return {
    type: 'workflow',
    columns: COLUMNS.map((id) => ({
      id,
      name: id[0]?.toUpperCase() + id.slice(1),
      kind: kinds[id] ?? ColumnKind.queue,
    })),
    start: 'ready',
    finish: 'done',
    timeZone,
  };
}

/**
 * A seeded random flow log in time order (about ten events a card), with the awkward cases real boards produce:
 * skipped columns, moves back across the commitment point, reopened cards, blockers replaced while blocked, cards
 * archived in progress, deleted cards, cards without a `created` event, cards created in done, equal timestamps.
 */
export function syntheticFlowLog(options: SyntheticOptions): FlowLogLine[] {
  const random = seededRandom(options.seed);
  const end = options.start + options.days * 24 * HOUR;
  const events: { at: number; line: FlowLogLine }[] = [];
  for (let i = 0; i < options.cards; i++) {
    const createdAt = options.start + Math.floor(random() * (end - options.start));
    for (const e of cardLife(random, `c${i + 1}`, createdAt, options.settle ? Infinity : end)) events.push(e);
  }
  // A stable sort: a card's events with equal timestamps keep the order they were made in.
  events.sort((a, b) => a.at - b.at);
  return [syntheticWorkflow(options.timeZone), ...events.map((e) => ({ ...e.line, at: formatInstant(e.at) }))];
}

function cardLife(random: Random, card: string, createdAt: number, end: number): { at: number; line: FlowLogLine }[] {
  const out: { at: number; line: FlowLogLine }[] = [];
  let at = createdAt;
  let column = 0;
  let blocked = false;
  const emit = (line: FlowLogLine) => out.push({ at, line: { ...line, card } });
  const wait = (meanHours: number) => {
    // One step in twenty happens in the same millisecond as the previous one.
    if (random() < 0.05) return;
    at += Math.max(1, Math.round(-Math.log(1 - random()) * meanHours * HOUR));
  };
  const moveTo = (to: number) => {
    emit({ type: 'moved', from: COLUMNS[column], to: COLUMNS[to] });
    column = to;
  };

  const roll = random();
  if (roll < 0.02) {
    emit({ type: 'created', column: 'done', title: `Card ${card}` });
    return out;
  }
  if (roll < 0.05) {
    // A truncated export: the card's first event is a move.
    column = 1;
    moveTo(2);
  } else {
    emit({ type: 'created', column: 'backlog', title: `Card ${card}` });
  }

  for (let steps = 0; steps < 30 && column < DONE; steps++) {
    wait(column === 0 ? 48 : 20);
    if (at >= end) return out;
    const r = random();
    const inProgress = column >= 2 && column < DONE;
    if (inProgress && r < 0.2) {
      // Sometimes while already blocked: the new blocker replaces the old one.
      emit(blockedLine(random));
      blocked = true;
    } else if (blocked && r < 0.55) {
      emit({ type: 'unblocked' });
      blocked = false;
    } else if (inProgress && r >= 0.55 && r < 0.56) {
      emit({ type: 'archived' });
      return out;
    } else if (r >= 0.56 && r < 0.565) {
      emit({ type: 'deleted' });
      return out;
    } else if (column >= 1 && r >= 0.57 && r < 0.72) {
      moveTo(r < 0.58 ? 0 : column - 1);
    } else {
      moveTo(Math.min(DONE, column + (r > 0.95 ? 2 : 1)));
    }
  }
  if (column < DONE) {
    // The step budget ran out: settle the card back in the backlog.
    wait(1);
    if (at < end) moveTo(0);
    return out;
  }
  wait(72);
  if (at >= end) return out;
  if (random() < 0.1) {
    moveTo(3);
    wait(10);
    if (at >= end) return out;
    if (blocked) emit({ type: 'unblocked' });
    moveTo(DONE);
    wait(72);
    if (at >= end) return out;
  }
  if (random() < 0.6) emit({ type: 'archived' });
  return out;
}

function blockedLine(random: Random): FlowLogLine {
  const reason = REASONS[Math.floor(random() * REASONS.length)];
  const waste = random() < 0.5 ? Waste.waiting : WASTES[Math.floor(random() * WASTES.length)];
  return { type: 'blocked', reason, waste };
}
