import { seededRandom } from '@obeya/metrics';
import type { DecisionContext } from './decision.ts';
import type { BoardEvent } from './events.ts';
import { emptyBoard, evolveAll } from './evolve.ts';
import type { BoardState, Card, Column, ColumnKind, Lane, WipMode } from './model.ts';
import { cardsInColumn, orderedColumns } from './order.ts';
import { rankAfterAll } from './rank.ts';
import { simulateHistory, type HistoryBatch } from './simulation.ts';

interface ColumnTemplate {
  name: string;
  kind: ColumnKind;
  wipLimit: number | null;
  /** Hard unless said otherwise. */
  wipMode?: WipMode;
}

/** A board's starting workflow: its columns, where work starts and where it is finished. */
export interface BoardTemplate {
  columns: ColumnTemplate[];
  /** Index of the commitment point in `columns`. */
  start: number;
  /** Index of the delivery point in `columns`. */
  finish: number;
  lanes: string[];
}

export const BoardTemplates = {
  basic: {
    columns: [
      { name: 'To do', kind: 'queue', wipLimit: null },
      { name: 'Doing', kind: 'active', wipLimit: 3 },
      { name: 'Done', kind: 'queue', wipLimit: null },
    ],
    start: 1,
    finish: 2,
    lanes: ['Standard'],
  },
  team: {
    columns: [
      { name: 'Backlog', kind: 'queue', wipLimit: null },
      { name: 'Ready', kind: 'queue', wipLimit: 4 },
      { name: 'Doing', kind: 'active', wipLimit: 3 },
      // A soft limit: work waiting for review may go over it, with a reason everyone can see.
      { name: 'Review', kind: 'queue', wipLimit: 2, wipMode: 'soft' },
      { name: 'Done', kind: 'queue', wipLimit: null },
    ],
    start: 1,
    finish: 4,
    lanes: ['Standard'],
  },
} as const satisfies Record<string, BoardTemplate>;
export type BoardTemplateName = keyof typeof BoardTemplates;

/** The events that create a board from a template. */
export function createBoardEvents(
  board: { id: string; name: string },
  template: BoardTemplate,
  ctx: DecisionContext,
): BoardEvent[] {
  const columns: Column[] = [];
  const limits: BoardEvent[] = [];
  for (const { name, kind, wipLimit, wipMode = 'hard' } of template.columns) {
    const column = { id: ctx.newId(), name, kind, rank: rankAfterAll(columns.map((x) => x.rank)) };
    columns.push(column);
    if (wipLimit !== null) {
      limits.push({
        type: 'limit.set',
        scope: { kind: 'column', columnId: column.id },
        limit: { max: wipLimit, mode: wipMode },
      });
    }
  }
  const lanes: Lane[] = [];
  for (const name of template.lanes)
    lanes.push({ id: ctx.newId(), name, rank: rankAfterAll(lanes.map((l) => l.rank)) });
  return [
    { type: 'board.created', board },
    ...columns.map((column): BoardEvent => ({ type: 'column.created', column })),
    ...lanes.map((lane): BoardEvent => ({ type: 'lane.created', lane })),
    ...limits,
    {
      type: 'board.updated',
      changes: {
        startColumnId: columns[template.start]?.id ?? null,
        finishColumnId: columns[template.finish]?.id ?? null,
      },
    },
  ];
}

/** Cards of the demo board, by column index of the `team` template. */
const demoCards: Array<[number, string]> = [
  [0, 'Export invoices as CSV'],
  [0, 'Dark mode for the wall screen'],
  [0, 'Single sign-on with the company directory'],
  [0, 'Archive boards older than a year'],
  [1, 'Weekly throughput e-mail'],
  [1, 'Customer onboarding checklist'],
  [2, 'Fix rounding in cycle-time report'],
  [2, 'Swimlane for expedited work'],
  [2, 'Translate the board into German'],
  [3, 'Keyboard shortcuts help page'],
  [4, 'Sign-in page'],
  [4, 'Board list with search'],
];

/** The demo board a fresh install starts with, so there is something real to look at. */
export function demoBoardEvents(board: { id: string; name: string }, ctx: DecisionContext): BoardEvent[] {
  const events = createBoardEvents(board, BoardTemplates.team, ctx);
  const columns = events.flatMap((e) => (e.type === 'column.created' ? [e.column] : []));
  const lane = events.find((e) => e.type === 'lane.created');
  if (!lane || lane.type !== 'lane.created') return events;
  const cards: Card[] = [];
  for (const [columnIndex, title] of demoCards) {
    const column = columns[columnIndex];
    if (!column) continue;
    const cell = cards.filter((c) => c.columnId === column.id).map((c) => c.rank);
    cards.push({
      id: ctx.newId(),
      title,
      columnId: column.id,
      laneId: lane.lane.id,
      rank: rankAfterAll(cell),
      createdAt: ctx.now,
      assignees: [],
      blocked: null,
    });
  }
  return [...events, ...cards.map((card): BoardEvent => ({ type: 'card.created', card }))];
}

/** The team in the demo board's history; they have no accounts, so the board shows them as former members. */
const DEMO_PEOPLE = ['Ana Silva', 'Ben Okafor', 'Chloé Martin', 'Dev Patel', 'Eva Novak'];

/**
 * The seed of the demo history, picked because its 120 days end in the demo's own layout (four
 * ideas, two cards ready, three in progress, one in review) with two cards blocked.
 */
export const DEMO_HISTORY_SEED = 120;

export interface DemoHistoryOptions {
  /** Calendar days of history; 0 creates the demo board as it is, with no past. */
  days: number;
  /** See `SimulationOptions.pace`. */
  pace?: number;
  seed?: number;
}

/**
 * The demo board with `days` of simulated history ending at `ctx.now`, as batches stamped with
 * their own instants; the demo's titles go to the cards the history leaves on the board.
 */
export function demoBoardHistory(
  board: { id: string; name: string },
  ctx: DecisionContext,
  options: DemoHistoryOptions,
): HistoryBatch[] {
  if (options.days <= 0) return [{ at: ctx.now, actor: ctx.actor, events: demoBoardEvents(board, ctx) }];
  const created = createBoardEvents(board, BoardTemplates.team, ctx);
  const history = simulateHistory(evolveAll(emptyBoard, created), {
    days: options.days,
    end: ctx.now,
    pace: options.pace,
    random: seededRandom(options.seed ?? DEMO_HISTORY_SEED),
    newId: ctx.newId,
    people: DEMO_PEOPLE.map((name) => ({ id: ctx.newId(), name })),
  });
  const titles = demoTitles(history.board);
  const retitle = (e: BoardEvent): BoardEvent => {
    if (e.type !== 'card.created') return e;
    const title = titles.get(e.card.id);
    return title === undefined ? e : { ...e, card: { ...e.card, title } };
  };
  return [
    { at: history.start, actor: ctx.actor, events: created },
    ...history.batches.map((batch) => ({ ...batch, events: batch.events.map(retitle) })),
  ];
}

/** The demo's titles for the cards on the board, top down in each column of the `team` template. */
function demoTitles(board: BoardState): Map<string, string> {
  const titles = new Map<string, string>();
  orderedColumns(board).forEach((column, index) => {
    const wanted = demoCards.filter(([i]) => i === index).map(([, title]) => title);
    cardsInColumn(board, column.id).forEach((card, i) => {
      const title = wanted[i];
      if (title !== undefined) titles.set(card.id, title);
    });
  });
  return titles;
}
