/**
 * Admitted moves under load: 50 clients on one board, each moving its own card back and forth
 * between two WIP-limited columns, first at a (very busy) person's pace, then as fast as its
 * answers come back, which saturates the board's single writer. Every move goes
 * through the whole referee: the board lock, the admission over every limit, the durable commit,
 * the broadcast. Prints, per database, p50/p99 of
 *   - ack: from sending `card:move` to its acknowledgement (the move is committed);
 *   - seen: from sending to a separate watching client having the card in its new column;
 * and the admitted moves per second. Saturated, latency is mostly the queue before the board's
 * lock: 50 moves wait for each other, by design (one writer per board is the WIP guarantee).
 *
 *   pnpm bench:wip            (from the repository root; PostgreSQL too when DATABASE_URL is set)
 */
import { orderedColumns, type LimitScope } from '@obeya/domain';
import { boardOf, createStore, signUp, startServer, storeKinds, TestClient, waitFor } from '../test/helpers.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const MOVES_EACH = Number(process.env.BENCH_MOVES_EACH ?? 20);
/** A person's pace in the first phase: a move every second or so is a very busy board. */
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 1000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (n: number) => `${n.toFixed(1).padStart(6)} ms`;

async function run(kind: (typeof storeKinds)[number]): Promise<void> {
  const store = await createStore(kind);
  // The setup client sends more than a person would; the movers stay within the per-connection limit.
  const server = await startServer(store, 0, { gateway: { messageRate: { burst: 1e6, perSecond: 1e6 } } });
  const clients: TestClient[] = [];
  try {
    const owner = await signUp(server, 'Bench');
    const boardId = await boardOf(server, owner, 'Bench');
    const setup = await TestClient.connect(server.url, boardId, owner);
    clients.push(setup);
    const [todo, doing] = orderedColumns(setup.board());
    const lane = setup.board().lanes[0]!.id;
    // Limits on every kind of scope the move touches, high enough that every move is admitted.
    const scopes: LimitScope[] = [
      { kind: 'column', columnId: todo!.id },
      { kind: 'column', columnId: doing!.id },
      { kind: 'lane', laneId: lane },
      { kind: 'cell', columnId: doing!.id, laneId: lane },
      { kind: 'person', userId: owner.user.id },
    ];
    for (const scope of scopes) {
      const ack = await setup.command('limit:set', { scope, max: CLIENTS, mode: 'hard' });
      if (!ack.ok) throw new Error(`limit refused: ${ack.error.message}`);
    }
    const cardIds: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const ack = await setup.command('card:create', { title: `Card ${i}`, columnId: todo!.id });
      cardIds.push(ack.ok ? ack.createdId! : '');
    }
    const movers = await Promise.all(cardIds.map(() => TestClient.connect(server.url, boardId, owner)));
    clients.push(...movers);
    const watcher = setup;
    await waitFor(() => watcher.board().cards.length === CLIENTS, 'the cards');

    /** Resolves when the watcher has the card in the column. */
    const watch = (cardId: string, columnId: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (watcher.board().cards.some((c) => c.id === cardId && c.columnId === columnId)) {
            watcher.doc.off('update', check);
            resolve();
          }
        };
        watcher.doc.on('update', check);
        check();
      });
    /** Every mover moves its card `MOVES_EACH` times, waiting `pauseMs` between its moves. */
    const phase = async (name: string, pauseMs: number) => {
      const acks: number[] = [];
      const seen: number[] = [];
      const started = performance.now();
      await Promise.all(
        movers.map(async (mover, i) => {
          const cardId = cardIds[i]!;
          // Spread the first moves over one pause, as people do not all click at the same instant.
          await sleep((pauseMs * i) / movers.length);
          for (let m = 0; m < MOVES_EACH; m++) {
            const to = mover.board().cards.find((c) => c.id === cardId)?.columnId === todo!.id ? doing! : todo!;
            const t0 = performance.now();
            const visible = watch(cardId, to.id).then(() => seen.push(performance.now() - t0));
            const ack = await mover.command('card:move', { cardId, toColumnId: to.id });
            if (!ack.ok) throw new Error(`move refused: ${ack.error.message}`);
            acks.push(performance.now() - t0);
            await visible;
            await sleep(pauseMs);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      acks.sort((x, y) => x - y);
      seen.sort((x, y) => x - y);
      console.log(
        `${kind.padEnd(9)} ${name.padEnd(26)} moves=${acks.length}  ` +
          `ack p50=${ms(percentile(acks, 50))} p99=${ms(percentile(acks, 99))}  ` +
          `seen p50=${ms(percentile(seen, 50))} p99=${ms(percentile(seen, 99))}  ` +
          `${(acks.length / seconds).toFixed(0).padStart(4)} moves/s`,
      );
    };
    await phase(`each moves every ${PAUSE_MS} ms`, PAUSE_MS);
    await phase('flat out (saturated)', 0);
  } finally {
    clients.forEach((c) => c.close());
    await server.close();
    await store.drop();
  }
}

console.log(`admitted moves, ${CLIENTS} concurrent clients on one board, loopback, ${new Date().toISOString()}`);
for (const kind of storeKinds) await run(kind);
