/**
 * Move latency on loopback: time from a client sending `card:move` to another client seeing the
 * card in its new column, through validation, the database commit and the broadcast.
 * Prints p50/p95/p99 for the embedded database and, when DATABASE_URL is set, for PostgreSQL.
 *
 *   pnpm bench            (from the repository root)
 */
import { cardsInCell } from '@obeya/domain';
import { boardOf, createStore, signUp, startServer, TestClient, waitFor, storeKinds } from '../test/helpers.ts';

const MOVES = Number(process.env.BENCH_MOVES ?? 300);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function run(kind: (typeof storeKinds)[number]): Promise<void> {
  const store = await createStore(kind);
  // One client sends moves back to back, faster than the per-connection limit meant for people.
  const server = await startServer(store, 0, { gateway: { messageRate: { burst: 1e6, perSecond: 1e6 } } });
  try {
    const owner = await signUp(server, 'Bench');
    const id = await boardOf(server, owner, 'Bench');
    const mover = await TestClient.connect(server.url, id, owner);
    const watcher = await TestClient.connect(server.url, id, owner);
    const [a, b] = mover.board().columns.sort((x, y) => (x.rank < y.rank ? -1 : 1));
    const lane = mover.board().lanes[0]!.id;
    const created = await mover.command('card:create', { title: 'Bench card', columnId: a!.id });
    const cardId = created.ok ? created.createdId! : '';
    await waitFor(() => watcher.board().cards.length === 1, 'the card');

    const samples: number[] = [];
    for (let i = 0; i < MOVES; i++) {
      const to = i % 2 ? a! : b!;
      const seen = new Promise<void>((resolve) => {
        const check = () => {
          if (cardsInCell(watcher.board(), to.id, lane).some((c) => c.id === cardId)) {
            watcher.doc.off('update', check);
            resolve();
          }
        };
        watcher.doc.on('update', check);
      });
      const start = performance.now();
      await Promise.all([mover.command('card:move', { cardId, toColumnId: to.id }), seen]);
      samples.push(performance.now() - start);
    }
    samples.sort((x, y) => x - y);
    const fmt = (n: number) => n.toFixed(2).padStart(7);
    console.log(
      `${kind.padEnd(9)} moves=${MOVES}  p50=${fmt(percentile(samples, 50))} ms  p95=${fmt(percentile(samples, 95))} ms  p99=${fmt(percentile(samples, 99))} ms  max=${fmt(samples.at(-1)!)} ms`,
    );
    mover.close();
    watcher.close();
  } finally {
    await server.close();
    await store.drop();
  }
}

console.log(`move → seen by another client, loopback, ${new Date().toISOString()}`);
for (const kind of storeKinds) await run(kind);
