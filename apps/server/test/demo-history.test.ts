import { emptyBoard, evolveAll, orderedColumns, type BoardEvent, type BoardState } from '@obeya/domain';
import { parseFlowLog } from '@obeya/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_HISTORY, loadConfig } from '../src/config.ts';
import { BoardRepository } from '../src/repositories/board-repository.ts';
import { createSimulatedBoard, DEMO_BOARD_NAME, seedDemoBoard } from '../src/services/seed.ts';
import {
  api,
  createStore,
  signUp,
  startServer,
  storeKinds,
  TestClient,
  type RunningServer,
  type Store,
  type TestUser,
} from './helpers.ts';

const DAY = 24 * 3_600_000;
// A Wednesday afternoon: the server's clock, where the simulated history ends.
const NOW = Date.parse('2026-03-04T14:23:00.000Z');

/** What must be equal between the board document and a replay of the event log. */
function structure(board: BoardState) {
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    cards: byId(board.cards),
    people: byId(board.people),
    breaches: byId(board.breaches),
    limits: [...board.limits].sort((a, b) => (JSON.stringify(a.scope) < JSON.stringify(b.scope) ? -1 : 1)),
    startColumnId: board.startColumnId,
    finishColumnId: board.finishColumnId,
  };
}

describe('demo history configuration', () => {
  it('defaults to four months at a small team’s pace, and reads a year at pace 14 from the environment', () => {
    expect(loadConfig({}).demoHistory).toEqual(DEFAULT_DEMO_HISTORY);
    expect(loadConfig({ DEMO_HISTORY_DAYS: '365', DEMO_HISTORY_PACE: '14' }).demoHistory).toEqual({
      days: 365,
      pace: 14,
    });
    expect(loadConfig({ DEMO_HISTORY_DAYS: '0' }).demoHistory.days).toBe(0);
  });

  it('refuses days that are not whole and a pace that is not positive', () => {
    expect(() => loadConfig({ DEMO_HISTORY_DAYS: '1.5' })).toThrow(/DEMO_HISTORY_DAYS/);
    expect(() => loadConfig({ DEMO_HISTORY_PACE: '0' })).toThrow(/DEMO_HISTORY_PACE/);
  });
});

describe.each(storeKinds)('the demo board’s simulated history on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  let repo: BoardRepository;
  let owner: TestUser;
  let boardId: string;

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store, 0, { clock: { now: () => new Date(NOW) } });
    repo = new BoardRepository(server.database.db);
    expect(await seedDemoBoard(server.boards, DEFAULT_DEMO_HISTORY)).toBe(true);
    // The first person to sign up takes over the demo board.
    owner = await signUp(server, 'Owner');
    const boards = await api(server, 'GET', '/api/boards', { token: owner.token });
    boardId = boards.body.boards.find((b: { name: string }) => b.name === DEMO_BOARD_NAME).id;
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });

  it('is seeded once, with months of events stamped in the past', async () => {
    expect(await seedDemoBoard(server.boards, DEFAULT_DEMO_HISTORY)).toBe(false);
    const log = await repo.listEvents(boardId);
    const times = log.map((e) => Date.parse(e.at));
    expect(NOW - Math.min(...times)).toBeGreaterThan(115 * DAY);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
    expect(log.some((e) => e.type === 'limit.exceeded')).toBe(true);
  });

  it('reports months of throughput, blockers with several reasons, finished cards and work in progress', async () => {
    const res = await api(server, 'GET', `/api/boards/${boardId}/metrics`, { token: owner.token });
    expect(res.status).toBe(200);
    const report = res.body;
    const days = report.throughput.filter((d: { count: number }) => d.count > 0).map((d: { date: string }) => d.date);
    expect(Date.parse(days.at(-1)) - Date.parse(days[0])).toBeGreaterThan(90 * DAY);
    expect(report.cards.filter((c: { finishedAt: string | null }) => c.finishedAt !== null).length).toBeGreaterThan(80);
    expect(report.blockedByReason.length).toBeGreaterThanOrEqual(5);
    expect(report.wip.at(-1).count).toBeGreaterThan(0);
    expect(report.cycleTime.count).toBeGreaterThan(0);
  });

  it('exports a flow log that parses', async () => {
    const res = await api(server, 'GET', `/api/boards/${boardId}/flow-log`, { token: owner.token });
    expect(res.status).toBe(200);
    const parsed = parseFlowLog(res.body);
    expect(parsed.ok).toBe(true);
  });

  it('has a board document equal to the replay of its events, with work in every started column', async () => {
    const log = await repo.listEvents(boardId);
    const replayed = evolveAll(
      emptyBoard,
      log.map((e) => e.payload as BoardEvent),
    );
    const board = await server.boards.getBoard(boardId);
    expect(structure(board)).toEqual(structure(replayed));
    for (const column of orderedColumns(board).slice(1, -1)) {
      expect(board.cards.some((c) => c.columnId === column.id)).toBe(true);
    }
    // Every card of the history, archived or not, leads to the board by its id.
    for (const card of board.cards) expect(await server.boards.boardOf(card.id, 'card')).toBe(boardId);
    const archived = log.flatMap((e) => (e.type === 'card.archived' ? [(e.payload as { cardId: string }).cardId] : []));
    expect(await server.boards.boardOf(archived[0] ?? '', 'card')).toBe(boardId);
  });

  it('opens in a member’s client with the same cards', async () => {
    const client = await TestClient.connect(server.url, boardId, owner);
    try {
      const board = await server.boards.getBoard(boardId);
      expect(
        client
          .board()
          .cards.map((c) => c.id)
          .sort(),
      ).toEqual(board.cards.map((c) => c.id).sort());
    } finally {
      client.close();
    }
  });

  it('creates a board with a year of history (5 000 finished cards) whose metrics compute', async () => {
    const year = await createSimulatedBoard(
      server.boards,
      'A year',
      { days: 365, pace: 14 },
      { actor: owner.user, owner: owner.user.id },
    );
    const log = await repo.listEvents(year.id);
    const board = await server.boards.getBoard(year.id);
    const finished = log.filter(
      (e) =>
        e.type === 'card.moved' && (e.payload as { to: { columnId: string } }).to.columnId === board.finishColumnId,
    ).length;
    expect(finished).toBeGreaterThanOrEqual(5000);
    const res = await api(server, 'GET', `/api/boards/${year.id}/metrics`, { token: owner.token });
    expect(res.status).toBe(200);
  }, 120_000);
});
