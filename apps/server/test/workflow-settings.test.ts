import type { BoardState } from '@obeya/domain';
import { ApiError, createApiClient, type ApiClient } from '@obeya/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boardOf,
  createStore,
  principal,
  signUp,
  startServer,
  storeKinds,
  type RunningServer,
  type Store,
} from './helpers.ts';

/** The failure of a request made with the shared REST client. */
async function failure(request: Promise<unknown>): Promise<ApiError> {
  const err = await request.then(
    () => new Error('the request was accepted'),
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw err;
  return err;
}

/**
 * PATCH /api/boards/:id as the workflow settings dialog and scripts use it: the commitment and
 * delivery points and how the SLE is found (percentile, window, days set by hand).
 */
describe.each(storeKinds)('workflow settings over REST on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  let admin: ApiClient;
  let viewer: ApiClient;
  let member: ApiClient;
  let boardId: string;

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store);
    const owner = await signUp(server, 'Owner');
    const viewing = await signUp(server, 'Viewer');
    const working = await signUp(server, 'Member');
    boardId = await boardOf(server, owner, 'Settings');
    await server.access.addMember(principal(owner), boardId, viewing.user.email, 'viewer');
    await server.access.addMember(principal(owner), boardId, working.user.email, 'member');
    const client = (token: string) => createApiClient(server.url, undefined, { token });
    admin = client(owner.token);
    viewer = client(viewing.token);
    member = client(working.token);
  });
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  const current = async (): Promise<BoardState> => (await admin.getBoard(boardId)).board;

  it('an admin sets the SLE percentile and window and moves the commitment point; the board says so', async () => {
    const before = await current();
    expect(before).toMatchObject({ slePercent: null, sleWindowDays: null });
    const [todo] = before.columns;
    const { board } = await admin.updateBoard(boardId, { slePercent: 70, sleWindowDays: 30, startColumnId: todo!.id });
    expect(board).toMatchObject({ slePercent: 70, sleWindowDays: 30, startColumnId: todo!.id });
    expect(await current()).toMatchObject({ slePercent: 70, sleWindowDays: 30, startColumnId: todo!.id });
    // Back to the defaults.
    await admin.updateBoard(boardId, { slePercent: null, sleWindowDays: null });
    expect(await current()).toMatchObject({ slePercent: null, sleWindowDays: null });
  });

  it('bad values are refused with 400 naming the field and the bound; nothing of the request is applied', async () => {
    const before = await current();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ slePercent: 100 }, 'slePercent', 'must be at most 99'],
      [{ slePercent: 49, name: 'Half applied?' }, 'slePercent', 'must be at least 50'],
      [{ slePercent: 85.5 }, 'slePercent', 'must be a whole number'],
      [{ sleWindowDays: 3 }, 'sleWindowDays', 'must be at least 7 days'],
      [{ sleWindowDays: 400, slePercent: 90 }, 'sleWindowDays', 'must be at most 365 days'],
      [{ sleWindowDays: '30' }, 'sleWindowDays', 'must be a whole number of days'],
    ];
    for (const [body, field, problem] of cases) {
      const err = await failure(admin.updateBoard(boardId, body as never));
      expect(err).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
      expect(err.message).toContain(`Invalid board: ${field}: ${problem}`);
      expect((err.details?.fields as Record<string, string>)[field]).toContain(problem);
    }
    expect(await current()).toEqual(before);
  });

  it('a commitment point right of the delivery point is refused with the reason; nothing changes', async () => {
    const before = await current();
    const [todo, , done] = before.columns;
    const err = await failure(
      admin.updateBoard(boardId, { startColumnId: done!.id, finishColumnId: todo!.id, slePercent: 60 }),
    );
    expect(err).toMatchObject({
      status: 422,
      code: 'INVALID_WORKFLOW',
      message: 'The commitment point must not be right of the delivery point.',
    });
    expect(await current()).toEqual(before);
  });

  it('members and viewers may not change the settings', async () => {
    const before = await current();
    for (const who of [viewer, member]) {
      expect(await failure(who.updateBoard(boardId, { slePercent: 95 }))).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    expect(await current()).toEqual(before);
  });
});
