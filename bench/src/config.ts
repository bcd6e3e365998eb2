/**
 * Sizes of every scenario. Full size is what the targets speak of; `BENCH_SCALE` (e.g. 0.1)
 * shrinks clients, boards, cards and durations together for a quick try.
 */
const scale = Number(process.env.BENCH_SCALE ?? 1);
if (!(scale > 0 && scale <= 1)) throw new Error('BENCH_SCALE must be in (0, 1].');

/** `n` scaled, never below `min`. */
const scaled = (n: number, min = 1) => Math.max(min, Math.round(n * scale));

export const config = {
  scale,
  fanout: {
    clients: scaled(50, 3),
    /** One move every 20 ms on the board, sent by the clients in turn (each one a second at full size). */
    periodMs: 20,
    cards: 200,
    /** Measured moves per system, in alternating rounds (Obeya, relay, Obeya, relay, …). */
    moves: scaled(1500, 100),
    /** More, shorter rounds: a stall of the shared machine then spoils one round, not a whole system's run. */
    rounds: 4,
    warmupMoves: 100,
  },
  throughput: {
    hot: { boards: 1, clientsPerBoard: scaled(50, 3) },
    spread: { boards: scaled(20, 2), clientsPerBoard: scaled(10, 2) },
    cardsPerClient: 4,
    /** Measured seconds per system, in two rounds. */
    seconds: Math.max(3, 10 * scale),
    warmupSeconds: 2,
  },
  connections: {
    boards: scaled(250, 5),
    clientsPerBoard: 20,
    cardsPerBoard: 20,
    /** A trickle: each board sees one move this often. */
    moveEveryMs: 5000,
    seconds: Math.max(8, 20 * scale),
    warmupSeconds: 5,
    /** Connections being opened at once while setting up. */
    connectConcurrency: 50,
  },
  load: {
    sizes: [scaled(2000, 50), scaled(10_000, 100)],
    /** "A month of activity": 30 days of this many moves, on a board of sizes[0] cards. */
    monthDays: 30,
    movesPerDay: scaled(300, 10),
    /** Warm loads measured per board and system (the median is reported). */
    warmLoads: 5,
  },
  /** Per-connection message limit of the Obeya server (apps/server/src/app.ts): 40 burst, 20/s. */
  clientMinGapMs: 50,
  /** Unjoined sockets creating cards and moves in parallel during setup. */
  writers: 24,
  /** A move not seen by everyone within this long counts as missed. */
  seenTimeoutMs: 10_000,
};
