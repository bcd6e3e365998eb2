import { parseFlowLog } from '@obeya/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardRepository } from '../src/repositories/board-repository.ts';
import { FlowLogCache } from '../src/services/flow-log-cache.ts';
import { flowLogLines } from '../src/services/flow-log-export.ts';
import { createStore, signUp, startServer, storeKinds, boardOf, type RunningServer, type Store } from './helpers.ts';

describe.each(storeKinds)('the flow-log cache on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  let repo: BoardRepository;

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store);
    repo = new BoardRepository(server.database.db);
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });

  /** The board's log parsed in one piece from a fresh export: what the cache must always equal. */
  async function wholeLog(boardId: string) {
    const board = await server.boards.getBoard(boardId);
    const text = flowLogLines(board, await repo.listEvents(boardId))
      .map((line) => JSON.stringify(line))
      .join('\n');
    const parsed = parseFlowLog(`${text}\n`);
    if (!parsed.ok) throw new Error('the export does not parse');
    return { text: `${text}\n`, log: parsed.log };
  }

  it('equals a whole export after events are added, after the workflow changes, and after a reorder', async () => {
    const owner = await signUp(server, 'Owner');
    const boardId = await boardOf(server, owner, 'Cached');
    const cache = new FlowLogCache(repo);
    const run = (command: Parameters<RunningServer['boards']['execute']>[2], op: string) =>
      server.boards.execute(boardId, op, command, owner.user);
    const board = await server.boards.getBoard(boardId);
    const [todo, doing] = board.columns;

    const check = async () => {
      const cached = await cache.read(await server.boards.getBoard(boardId));
      const whole = await wholeLog(boardId);
      expect(cached.log).toEqual(whole.log);
      expect(cached.text()).toBe(whole.text);
    };

    await check();
    const created = await run({ type: 'card:create', title: 'First', columnId: todo!.id }, 'c1');
    const cardId = created.ok ? created.createdId! : '';
    await check();
    await run({ type: 'card:move', cardId, toColumnId: doing!.id }, 'm1');
    await run({ type: 'card:block', cardId, reason: 'waiting for vendor', waste: 'waiting' }, 'b1');
    await check();
    // A workflow change is read whole again: every event is checked against the new columns.
    await run({ type: 'column:update', columnId: doing!.id, kind: 'queue' }, 'k1');
    await run({ type: 'card:create', title: 'Second', columnId: doing!.id }, 'c2');
    await check();
    // Two readers at once append the new events once.
    await run({ type: 'card:unblock', cardId }, 'u1');
    const current = await server.boards.getBoard(boardId);
    const [a, b] = await Promise.all([cache.read(current), cache.read(current)]);
    expect(a.log.events).toHaveLength(b.log.events.length);
    expect(a.log).toEqual((await wholeLog(boardId)).log);
  });
});
