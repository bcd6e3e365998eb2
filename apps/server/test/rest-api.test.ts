import type { BoardState } from '@obeya/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createStore,
  signUp,
  startServer,
  storeKinds,
  type RunningServer,
  type Store,
  type TestUser,
} from './helpers.ts';

describe.each(storeKinds)('REST API on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  let owner: TestUser;

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store);
    owner = await signUp(server, 'Owner');
  });
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  // Every call is made as a signed-in browser would: session cookie, same origin.
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    api(server, method, path, { body, cookie: owner.cookie, headers });

  async function newBoard(name = 'Board'): Promise<BoardState> {
    const created = await call('POST', '/api/boards', { name });
    expect(created.status).toBe(201);
    return (await call('GET', `/api/boards/${created.body.board.id}`)).body.board;
  }

  it('reports health and which database it runs on', async () => {
    expect(await call('GET', '/api/health')).toMatchObject({ status: 200, body: { status: 'ok', database: kind } });
  });

  it('creates a board and lists it; the board comes with ordered columns and a lane', async () => {
    const board = await newBoard('Platform team');
    const list = await call('GET', '/api/boards');
    expect(list.body.boards.map((b: { name: string }) => b.name)).toContain('Platform team');
    expect(board.columns.map((c) => c.name)).toEqual(['To do', 'Doing', 'Done']);
    expect(board.lanes).toHaveLength(1);
  });

  it('adds and edits a column, with a WIP limit, and sets the commitment point', async () => {
    const board = await newBoard();
    const added = await call('POST', `/api/boards/${board.id}/columns`, { name: 'Review', kind: 'queue', wipLimit: 2 });
    expect(added.status).toBe(201);
    expect(added.body.column).toMatchObject({ name: 'Review', kind: 'queue' });
    const scope = { kind: 'column', columnId: added.body.column.id };
    const limits = (await call('GET', `/api/boards/${board.id}`)).body.board.limits;
    expect(limits).toContainEqual({ scope, max: 2, mode: 'hard' });
    const patched = await call('PATCH', `/api/columns/${added.body.column.id}`, { name: 'Peer review' });
    expect(patched.body.column).toMatchObject({ name: 'Peer review' });
    const first = board.columns[0]!.id;
    const points = await call('PATCH', `/api/boards/${board.id}`, { startColumnId: first });
    expect(points.body.board.startColumnId).toBe(first);
  });

  it('adds a card, renames, moves and archives it', async () => {
    const board = await newBoard();
    const [todo, doing] = board.columns;
    const created = await call('POST', `/api/boards/${board.id}/cards`, { title: 'Write docs', columnId: todo!.id });
    expect(created.status).toBe(201);
    const card = created.body.card;
    expect(card).toMatchObject({ title: 'Write docs', columnId: todo!.id, laneId: board.lanes[0]!.id });

    expect((await call('PATCH', `/api/cards/${card.id}`, { title: 'Write the docs' })).body.card.title).toBe(
      'Write the docs',
    );
    const moved = await call('POST', `/api/cards/${card.id}/move`, { toColumnId: doing!.id });
    expect(moved.body.card.columnId).toBe(doing!.id);
    expect((await call('POST', `/api/cards/${card.id}/archive`)).status).toBe(204);
    const after = (await call('GET', `/api/boards/${board.id}`)).body.board as BoardState;
    expect(after.cards.find((c) => c.id === card.id)).toBeUndefined();
  });

  it('applies a retried request with the same Idempotency-Key once', async () => {
    const board = await newBoard();
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const body = { title: 'Only once', columnId: board.columns[0]!.id };
    await call('POST', `/api/boards/${board.id}/cards`, body, headers);
    await call('POST', `/api/boards/${board.id}/cards`, body, headers);
    const after = (await call('GET', `/api/boards/${board.id}`)).body.board as BoardState;
    expect(after.cards.filter((c) => c.title === 'Only once')).toHaveLength(1);
  });

  it('answers bad input with a clear error and changes nothing', async () => {
    const board = await newBoard();
    const bad = await call('POST', `/api/boards/${board.id}/cards`, { title: '', columnId: board.columns[0]!.id });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(bad.body.error.message).toMatch(/title/);

    const malformed = await call('POST', `/api/boards/${board.id}/cards`, '{"title": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_PAYLOAD');

    const huge = await call('POST', `/api/boards/${board.id}/cards`, {
      title: 'x'.repeat(100_000),
      columnId: board.columns[0]!.id,
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    const unknownColumn = await call('POST', `/api/boards/${board.id}/cards`, { title: 'x', columnId: 'nope' });
    expect(unknownColumn.status).toBe(404);

    const badPlace = await call('POST', `/api/boards/${board.id}/cards`, {
      title: 'ok',
      columnId: board.columns[0]!.id,
    });
    const wrongNeighbour = await call('POST', `/api/cards/${badPlace.body.card.id}/move`, {
      toColumnId: board.columns[1]!.id,
      beforeCardId: 'missing',
    });
    expect(wrongNeighbour.status).toBe(409);
    expect(wrongNeighbour.body.error.code).toBe('INVALID_POSITION');

    const after = (await call('GET', `/api/boards/${board.id}`)).body.board as BoardState;
    expect(after.cards.map((c) => c.title)).toEqual(['ok']);
    expect(after.cards[0]!.columnId).toBe(board.columns[0]!.id);
  });

  it('answers unknown boards and routes with 404 in the same error shape', async () => {
    const missing = await call('GET', '/api/boards/does-not-exist');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'BOARD_NOT_FOUND' } } });
    const route = await call('GET', '/api/nothing-here');
    expect(route).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const card = await call('PATCH', '/api/cards/unknown', { title: 'x' });
    expect(card).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });
});
