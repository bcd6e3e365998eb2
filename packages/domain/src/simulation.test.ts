import { seededRandom } from '@obeya/metrics';
import { describe, expect, it } from 'vitest';
import type { DecisionContext } from './decision.ts';
import type { BoardEvent } from './events.ts';
import { emptyBoard, evolveAll } from './evolve.ts';
import { limitLoads } from './limits.ts';
import type { BoardState } from './model.ts';
import { cardsInColumn, orderedColumns } from './order.ts';
import { simulateHistory, type HistoryBatch, type SimulationOptions } from './simulation.ts';
import { BoardTemplates, createBoardEvents, demoBoardEvents, demoBoardHistory } from './templates.ts';

const END = '2026-03-04T14:23:00.000Z';
const HOUR = 3_600_000;

function counter(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** The team template's board, and options for a history on it; the same arguments give the same history. */
function setup(overrides: Partial<SimulationOptions> = {}): { board: BoardState; options: SimulationOptions } {
  const ctx: DecisionContext = { now: END, newId: counter('s'), actor: { id: 'system', name: 'Obeya' } };
  const board = evolveAll(emptyBoard, createBoardEvents({ id: 'b', name: 'Team' }, BoardTemplates.team, ctx));
  const options: SimulationOptions = {
    days: 120,
    end: END,
    random: seededRandom(7),
    newId: counter('h'),
    people: [
      { id: 'ana', name: 'Ana' },
      { id: 'ben', name: 'Ben' },
      { id: 'cleo', name: 'Cleo' },
    ],
    ...overrides,
  };
  return { board, options };
}

function events(batches: readonly HistoryBatch[]): BoardEvent[] {
  return batches.flatMap((b) => b.events);
}

/** Cards that reached the delivery point. */
function finished(board: BoardState, batches: readonly HistoryBatch[]): number {
  return events(batches).filter((e) => e.type === 'card.moved' && e.to.columnId === board.finishColumnId).length;
}

describe('simulated history', () => {
  it('plays the same history for the same seed, and another for another seed', () => {
    const a = setup();
    const b = setup();
    const c = setup({ random: seededRandom(8) });
    const first = simulateHistory(a.board, a.options);
    expect(simulateHistory(b.board, b.options)).toEqual(first);
    expect(simulateHistory(c.board, c.options).batches).not.toEqual(first.batches);
  });

  it('never takes a hard limit past its maximum, and goes over a soft one only with a reason', () => {
    const { board, options } = setup();
    const history = simulateHistory(board, options);
    let state = board;
    for (const batch of history.batches) {
      state = evolveAll(state, batch.events);
      for (const load of limitLoads(state)) if (load.limit.mode === 'hard') expect(load.over).toBe(false);
    }
    const breaches = events(history.batches).flatMap((e) => (e.type === 'limit.exceeded' ? [e.breach] : []));
    expect(breaches.length).toBeGreaterThan(0);
    for (const breach of breaches) expect(breach.reason).not.toBe('');
    expect(state).toEqual(history.board);
  });

  it('stamps every batch in order, on weekdays between 09:00 and 17:00 UTC, inside the history', () => {
    const { board, options } = setup();
    const { start, batches } = simulateHistory(board, options);
    expect(Date.parse(END) - Date.parse(start)).toBeGreaterThan(115 * 24 * HOUR);
    let previous = start;
    for (const { at } of batches) {
      expect(at >= previous && at < END).toBe(true);
      const time = new Date(at);
      expect([0, 6]).not.toContain(time.getUTCDay());
      expect(time.getUTCHours()).toBeGreaterThanOrEqual(9);
      expect(time.getUTCHours()).toBeLessThan(17);
      previous = at;
    }
  });

  it('has months of finished work, blockers with several reasons and wastes, and a live board at the end', () => {
    const { board, options } = setup();
    const history = simulateHistory(board, options);
    const log = events(history.batches);
    expect(finished(board, history.batches)).toBeGreaterThan(80);
    const blocked = log.flatMap((e) => (e.type === 'card.blocked' ? [e.blocker] : []));
    expect(new Set(blocked.map((b) => b.reason)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(blocked.map((b) => b.waste)).size).toBeGreaterThanOrEqual(3);
    expect(log.filter((e) => e.type === 'card.unblocked').length).toBeGreaterThan(blocked.length / 2);
    expect(log.some((e) => e.type === 'card.assigned')).toBe(true);
    // Work in every column: the backlog, each started column, and the last days' finishes.
    for (const column of orderedColumns(history.board)) {
      expect(cardsInColumn(history.board, column.id).length, column.name).toBeGreaterThan(0);
    }
  });

  it('keeps a quiet weekend out of the flow: the same seed leaves the same board whatever the hour it ends at', () => {
    const friday = setup({ end: '2026-03-06T16:00:00.000Z' });
    const saturday = setup({ end: '2026-03-07T03:00:00.000Z' });
    const shape = (b: BoardState) => b.cards.map((c) => [c.title, c.columnId, c.blocked?.reason]);
    const a = simulateHistory(friday.board, friday.options).board;
    const b = simulateHistory(saturday.board, saturday.options).board;
    expect(shape(b)).toEqual(shape(a));
  });

  it('plays nothing for no days', () => {
    const { board, options } = setup({ days: 0 });
    expect(simulateHistory(board, options).batches).toEqual([]);
  });

  it('finishes some 5 000 cards in a year at pace 14', () => {
    const { board, options } = setup({ days: 365, pace: 14 });
    const history = simulateHistory(board, options);
    expect(finished(board, history.batches)).toBeGreaterThanOrEqual(5000);
  }, 30_000);
});

describe('the demo board history', () => {
  const ctx = (): DecisionContext => ({ now: END, newId: counter('d'), actor: { id: 'system', name: 'Obeya' } });

  it('without days is the demo board created now', () => {
    const board = { id: 'b', name: 'Team board' };
    expect(demoBoardHistory(board, ctx(), { days: 0 })).toEqual([
      { at: END, actor: { id: 'system', name: 'Obeya' }, events: demoBoardEvents(board, ctx()) },
    ]);
  });

  it('starts with the team board and ends with the demo’s cards where the demo has them, two of them blocked', () => {
    const batches = demoBoardHistory({ id: 'b', name: 'Team board' }, ctx(), { days: 120 });
    expect(batches[0]?.events[0]).toEqual({ type: 'board.created', board: { id: 'b', name: 'Team board' } });
    const board = evolveAll(emptyBoard, events(batches));
    const titles = (name: string) => {
      const column = board.columns.find((c) => c.name === name);
      return cardsInColumn(board, column?.id ?? '').map((c) => (c.blocked ? `${c.title} (blocked)` : c.title));
    };
    // The seed was picked for this ending; a change to the flow needs another seed that gives it.
    expect(titles('Backlog')).toEqual([
      'Export invoices as CSV',
      'Dark mode for the wall screen',
      'Single sign-on with the company directory',
      'Archive boards older than a year',
    ]);
    expect(titles('Ready')).toEqual(['Weekly throughput e-mail', 'Customer onboarding checklist']);
    expect(titles('Doing')).toEqual([
      'Fix rounding in cycle-time report (blocked)',
      'Swimlane for expedited work',
      'Translate the board into German',
    ]);
    expect(titles('Review')).toEqual(['Keyboard shortcuts help page (blocked)']);
    expect(titles('Done').slice(0, 2)).toEqual(['Sign-in page', 'Board list with search']);
    expect(titles('Done').length).toBeGreaterThan(4);
    const review = board.columns.find((c) => c.name === 'Review');
    expect(board.limits.find((l) => l.scope.kind === 'column' && l.scope.columnId === review?.id)?.mode).toBe('soft');
  });
});
