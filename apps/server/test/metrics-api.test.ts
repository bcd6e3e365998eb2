import { computeAnalytics, parseFlowLog, type Analytics, type Report } from '@obeya/metrics';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  boardOf,
  createStore,
  signUp,
  startServer,
  storeKinds,
  TestClient,
  type RunningServer,
  type Store,
  type TestUser,
} from './helpers.ts';

const CLI = fileURLToPath(new URL('../../cli/bin/obeya.js', import.meta.url));

/** Runs the real `obeya` CLI on a file and parses its JSON. */
function obeyaMetrics(file: string, args: string[]): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'metrics', file, '--json', ...args]);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Report) : reject(new Error(err))));
  });
}

const HOUR = 3_600_000;

describe.each(storeKinds)('flow log and metrics API on %s', (kind) => {
  let store: Store;
  let server: RunningServer;
  let owner: TestUser;
  let boardId: string;
  let dir: string;
  // The server's clock, moved forward between moves so the history has real durations.
  let now = Date.parse('2026-03-02T08:00:00Z');

  beforeAll(async () => {
    store = await createStore(kind);
    server = await startServer(store, 0, { clock: { now: () => new Date(now) } });
    owner = await signUp(server, 'Owner');
    boardId = await boardOf(server, owner, 'Flow');
    dir = await mkdtemp(path.join(tmpdir(), 'obeya-flow-'));
    const client = await TestClient.connect(server.url, boardId, owner);
    const [todo, doing, done] = client.board().columns.sort((a, b) => (a.rank < b.rank ? -1 : 1));
    // Doing is the commitment point, Done the delivery point.
    await server.boards.execute(
      boardId,
      'points',
      { type: 'board:update', startColumnId: doing!.id, finishColumnId: done!.id },
      owner.user,
    );
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const ack = await client.command('card:create', { title: `Card ${i}`, columnId: todo!.id });
      ids.push(ack.ok ? (ack.createdId ?? '') : '');
    }
    const step = async (hours: number, cardId: string, to: string) => {
      now += hours * HOUR;
      expect((await client.command('card:move', { cardId, toColumnId: to })).ok).toBe(true);
    };
    await step(2, ids[0]!, doing!.id);
    await step(1, ids[1]!, doing!.id);
    await step(26, ids[0]!, done!.id);
    await step(3, ids[2]!, doing!.id);
    await step(24, ids[1]!, done!.id);
    await step(1, ids[1]!, done!.id); // a reorder within Done: not flow
    now += HOUR;
    expect((await client.command('card:archive', { cardId: ids[3]! })).ok).toBe(true);
    client.close();
    now += 5 * HOUR;
  });
  afterAll(async () => {
    await server.close();
    await store.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('exports the board as a flow log: the workflow first, then every card event in order', async () => {
    const res = await fetch(`${server.url}/api/boards/${boardId}/flow-log`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'workflow', timeZone: 'UTC' });
    expect(lines.slice(1).map((l) => l.type)).toEqual([
      ...Array(4).fill('created'),
      ...Array(5).fill('moved'),
      'archived',
    ]);
    expect(lines[1]).toMatchObject({ at: '2026-03-02T08:00:00.000Z', title: 'Card 0' });
  });

  it('serves the same report as `obeya metrics --json` on its export, for any period', async () => {
    const exported = await api(server, 'GET', `/api/boards/${boardId}/flow-log`, { token: owner.token });
    const file = path.join(dir, 'board.jsonl');
    await writeFile(file, typeof exported.body === 'string' ? exported.body : '');
    const at = new Date(now).toISOString();
    for (const period of [{}, { from: '2026-03-03', to: '2026-03-04' }] as Array<Record<string, string>>) {
      const query = new URLSearchParams({ ...period, now: at });
      const fromApi = await api(server, 'GET', `/api/boards/${boardId}/metrics?${query}`, { token: owner.token });
      expect(fromApi.status).toBe(200);
      const args = ['--now', at, ...Object.entries(period).flatMap(([k, v]) => [`--${k}`, v])];
      expect(fromApi.body).toEqual(await obeyaMetrics(file, args));
    }
  });

  it('computes the known numbers of this history', async () => {
    const report = (
      await api(server, 'GET', `/api/boards/${boardId}/metrics?now=${new Date(now).toISOString()}`, {
        token: owner.token,
      })
    ).body as Report;
    // Card 0 started 10:00 on 03-02 and finished 13:00 the next day (27 h); card 1 took 11:00 → 16:00 two days on (53 h).
    expect(report.cycleTime).toMatchObject({ count: 2, p50Ms: 27 * HOUR, p95Ms: 53 * HOUR });
    expect(report.throughput).toEqual([
      { date: '2026-03-02', count: 0 },
      { date: '2026-03-03', count: 1 },
      { date: '2026-03-04', count: 1 },
    ]);
    expect(report.cards.map((c) => c.status)).toEqual(['done', 'done', 'wip', 'archived']);
    // Everything was in an active column (Doing is active) and never blocked.
    expect(report.flowEfficiency).toBe(1);
  });

  it('refuses a bad period with a clear error', async () => {
    const res = await api(server, 'GET', `/api/boards/${boardId}/metrics?from=2026-03-05&to=2026-03-01`, {
      token: owner.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_PAYLOAD');
    const bad = await api(server, 'GET', `/api/boards/${boardId}/metrics?from=yesterday`, { token: owner.token });
    expect(bad.body.error.message).toMatch(/from: must be a date/);
  });

  it("serves the analytics page's charts: computed from the export, titled as the board shows cards now, with the board's SLE", async () => {
    const at = new Date(now).toISOString();
    const exported = await api(server, 'GET', `/api/boards/${boardId}/flow-log`, { token: owner.token });
    const parsed = parseFlowLog(String(exported.body));
    if (!parsed.ok) throw new Error('the export does not parse');
    const cards = (await api(server, 'GET', `/api/boards/${boardId}`, { token: owner.token })).body.board
      .cards as Array<{
      id: string;
      title: string;
    }>;
    const first = cards.find((c) => c.title === 'Card 0')!;
    expect(
      (await api(server, 'PATCH', `/api/cards/${first.id}`, { token: owner.token, body: { title: 'Renamed' } })).status,
    ).toBe(200);
    const settings = { slePercent: 50, sleWindowDays: 30 };
    expect((await api(server, 'PATCH', `/api/boards/${boardId}`, { token: owner.token, body: settings })).status).toBe(
      200,
    );

    const res = await api(server, 'GET', `/api/boards/${boardId}/analytics?now=${at}&days=7&items=3`, {
      token: owner.token,
    });
    expect(res.status).toBe(200);
    const analytics = res.body as Analytics;
    const expected = computeAnalytics(parsed.log, {
      now: Date.parse(at),
      from: '2026-02-26',
      items: 3,
      slePercent: 50,
      sleWindowDays: 30,
    });
    expect(analytics.period).toEqual({ ...expected.period });
    expect(analytics.period.from).toBe('2026-02-26');
    expect(analytics.cfd).toEqual(expected.cfd);
    expect(analytics.forecast.when.items).toBe(3);
    // The SLE is the board's 50th percentile: the shorter of the two cycle times.
    expect(analytics.ageing.sle).toMatchObject({ percent: 50, windowDays: 30, cycleTimeMs: 27 * HOUR });
    expect(analytics.cycleTime.cards.map((c) => [c.title, c.cycleTimeMs])).toEqual([
      ['Renamed', 27 * HOUR],
      ['Card 1', 53 * HOUR],
    ]);
    expect(analytics.ageing.cards.map((c) => c.title)).toEqual(['Card 2']);
    expect({ ...analytics, cycleTime: null, ageing: null }).toEqual({ ...expected, cycleTime: null, ageing: null });
  });

  it('refuses a bad analytics question with a clear error and computes nothing', async () => {
    for (const [query, message] of [
      ['days=0', /days: must be at least 1/],
      ['days=7&from=2026-03-01', /as days or as a from date, not both/],
      ['items=many', /items/],
      ['by=next-week', /by: must be a date/],
    ] as const) {
      const res = await api(server, 'GET', `/api/boards/${boardId}/analytics?${query}`, { token: owner.token });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('INVALID_PAYLOAD');
      expect(res.body.error.message, query).toMatch(message);
    }
  });
});
