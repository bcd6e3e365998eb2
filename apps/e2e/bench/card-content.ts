/**
 * A long card description after a day of editing by three people: how large its stored document
 * grows, and how long opening the card takes (over the socket, and in Chromium). Runs on the
 * embedded database. Prints figures; asserts nothing (these machines are shared and noisy).
 *
 *   pnpm bench:content            (EDITS=4000 batches by default, RUNS=7 opens)
 */
import { PGlite } from '@electric-sql/pglite';
import { ErrorCode } from '@obeya/domain';
import {
  PROTOCOL_VERSION,
  applySyncMessage,
  descriptionOf,
  encodeSyncStep1,
  type CardOpenAck,
  type ClientToServerEvents,
  type CommandAck,
  type ServerToClientEvents,
} from '@obeya/sync';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { demoBoard } from '../test/demo-board.ts';
import { ProductServer, launchBrowser } from '../test/harness.ts';
import { DESKTOP, apiFromPage, person } from '../test/people.ts';

const EDITS = Number(process.env.EDITS ?? 4000);
const RUNS = Number(process.env.RUNS ?? 7);
const TARGET_LENGTH = 12_000;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (n: number): string => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

/** A seeded generator (mulberry32), so every run edits the same way. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the customer asks for a refund when the payment fails twice and support cannot see why so we log every step check the vendor status page and retry later'.split(
    ' ',
  );

/** One person's browser: a copy of the card's content document on its own socket. */
class Writer {
  readonly doc = new Y.Doc();
  readonly socket: ClientSocket;

  constructor(
    url: string,
    token: string,
    readonly boardId: string,
    readonly cardId: string,
  ) {
    this.socket = io(url, { auth: { protocol: PROTOCOL_VERSION, token }, transports: ['websocket'] });
    this.socket.on('card:synced', ({ cardId: id, message }) => {
      if (id === this.cardId) applySyncMessage(this.doc, message);
    });
  }

  async open(): Promise<number> {
    if (!this.socket.connected) await new Promise((resolve) => this.socket.once('connect', () => resolve(null)));
    const joined = await this.socket.emitWithAck('board:join', {
      boardId: this.boardId,
      epoch: 0,
      syncStep1: encodeSyncStep1(new Y.Doc()),
    });
    if (!joined.ok) throw new Error(joined.error.message);
    const t0 = performance.now();
    const ack: CardOpenAck = await this.socket.emitWithAck('card:open', {
      boardId: this.boardId,
      cardId: this.cardId,
      syncStep1: encodeSyncStep1(this.doc),
    });
    if (!ack.ok) throw new Error(ack.error.message);
    applySyncMessage(this.doc, ack.syncStep2);
    return performance.now() - t0;
  }

  /** Makes one batch of edits (what a browser sends in one message) and waits for the server to store it. */
  async edit(change: (text: Y.Text) => void): Promise<void> {
    const before = Y.encodeStateVector(this.doc);
    change(descriptionOf(this.doc));
    const update = Y.encodeStateAsUpdate(this.doc, before);
    for (;;) {
      const ack: CommandAck = await this.socket.emitWithAck('card:edit', {
        boardId: this.boardId,
        cardId: this.cardId,
        update,
      });
      if (ack.ok) return;
      // Faster than a person types: the server's message rate says wait, then the same update goes again.
      if (ack.error.code !== ErrorCode.rateLimited) throw new Error(ack.error.message);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * A day of editing: mostly typing a few words at a time (a batch is what 100 ms of typing sends),
 * with rewrites (deleting a stretch), formatting (bold, headings, lists) and the odd pasted
 * paragraph. The description grows towards TARGET_LENGTH and is partly rewritten on the way.
 */
function dayOfEdits(rand: () => number): Array<(text: Y.Text) => void> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const at = (text: Y.Text) => Math.floor(rand() * (text.length + 1));
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ') + ' ';
  const typing = (text: Y.Text) => text.insert(at(text), words(1 + Math.floor(rand() * 3)));
  const rewrite = (text: Y.Text) => {
    const from = Math.min(at(text), text.length - 1);
    text.delete(from, Math.min(1 + Math.floor(rand() * 60), text.length - from));
  };
  return Array.from({ length: EDITS }, () => {
    const roll = rand();
    return (text: Y.Text) => {
      const full = text.length >= TARGET_LENGTH;
      if (roll < 0.7) (full ? rewrite : typing)(text);
      else if (roll < 0.88) (text.length > 50 ? rewrite : typing)(text);
      else if (roll < 0.95 && text.length > 60) {
        const from = Math.min(at(text), text.length - 50);
        const format = pick([{ bold: true }, { italic: true }, { header: 2 }, { list: 'bullet' }, { list: 'check' }]);
        text.format(from, 10 + Math.floor(rand() * 40), format);
      } else if (text.length < TARGET_LENGTH - 500) text.insert(at(text), `\n${words(40)}\n`);
      else rewrite(text);
    };
  });
}

/** Stored rows and bytes of the card's content document, read from the stopped server's database. */
async function storedSize(dataDir: string, cardId: string): Promise<{ rows: number; bytes: number }> {
  const db = new PGlite(dataDir);
  const { rows } = await db.query<{ rows: number; bytes: number }>(
    'select count(*)::int as rows, coalesce(sum(octet_length(data)), 0)::int as bytes from card_content_updates where card_id = $1',
    [cardId],
  );
  await db.close();
  return rows[0]!;
}

const server = await ProductServer.start();
const browser = await launchBrowser();
try {
  const { boardId, boardUrl, api, ann, members } = await demoBoard(browser, server.url, {
    bob: person('Bob Member'),
    cy: person('Cy Member'),
  });
  // A personal token for each writer, so scripts connect as them.
  const secrets: string[] = [];
  for (const [i, state] of [ann, await members.bob.storageState(), await members.cy.storageState()].entries()) {
    const context = await browser.newContext({ storageState: state });
    const page = await context.newPage();
    await page.goto(server.url);
    secrets.push(
      (await apiFromPage<{ secret: string }>(page, 'POST', '/api/tokens', { name: `bench ${i}` })).body.secret,
    );
    await context.close();
  }
  const board = await api<{ board: { cards: Array<{ id: string; title: string }> } }>('GET', `/api/boards/${boardId}`);
  const cardId = board.body.board.cards[0]!.id;

  const writers = secrets.map((secret) => new Writer(server.url, secret, boardId, cardId));
  for (const w of writers) await w.open();
  const rand = random(7);
  const edits = dayOfEdits(rand);
  let editing = 0;
  // Round robin, paced to the server's message rate per connection (about 20 a second).
  for (const [i, edit] of edits.entries()) {
    const t0 = performance.now();
    await writers[i % writers.length]!.edit(edit);
    editing += performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 18));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const final = descriptionOf(writers[0]!.doc);
  const converged = writers.every((w) => descriptionOf(w.doc).toString() === final.toString());
  const state = Y.encodeStateAsUpdate(writers[0]!.doc).byteLength;
  const lastWords = final.toString().trim().slice(-30);
  console.log(
    `A day of editing: ${EDITS} batches from 3 writers, ${ms(editing / EDITS)} per batch from sending to stored ` +
      `and acknowledged (mean); final description ${final.length} characters; ` +
      `writers converged: ${converged ? 'yes' : 'NO'}.`,
  );
  console.log(`Whole document encoded (what opening it sends): ${kb(state)}.`);

  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const reader = new Writer(server.url, secrets[0]!, boardId, cardId);
    warm.push(await reader.open());
    reader.close();
  }
  for (const w of writers) w.close();

  // Cold: a restarted server has no document in memory; the first open loads it from storage.
  await server.kill();
  const stored = await storedSize(server.dataDir, cardId);
  console.log(`Stored: ${stored.rows} update rows, ${kb(stored.bytes)} (snapshot plus tail after compaction).`);
  await server.launch();
  const coldReader = new Writer(server.url, secrets[0]!, boardId, cardId);
  const cold = await coldReader.open();
  coldReader.close();
  console.log(`card:open round trip: cold (loaded from storage) ${ms(cold)}; warm median ${ms(median(warm))}.`);

  const first: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ storageState: ann, viewport: DESKTOP });
    const page = await context.newPage();
    for (const list of [first, again]) {
      await page.goto(`${boardUrl}/cards/${cardId}`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        (words) => (document.querySelector('.ql-editor')?.textContent?.includes(words) ? performance.now() : false),
        lastWords,
        { timeout: 60_000, polling: 'raf' },
      );
      list.push((await handle.jsonValue()) as number);
    }
    await context.close();
  }
  console.log(
    `Chromium, navigation start to the description shown: first visit median ${ms(median(first))} ` +
      `(min ${ms(Math.min(...first))}); cached median ${ms(median(again))} (min ${ms(Math.min(...again))}).`,
  );
} finally {
  await browser.close();
  await server.stop();
}
