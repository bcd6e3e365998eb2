import { ErrorCode } from '@obeya/domain';
import {
  answerSyncStep1,
  descriptionOf,
  encodeAwarenessEntries,
  encodeUpdateMessage,
  type CommandAck,
} from '@obeya/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CardContent, type CardSocket } from './card-content.svelte.ts';

type Handler = (...args: never[]) => void;

/**
 * The server's side of one card over a stand-in socket: a real Y.Doc that answers opens and takes
 * edits (or refuses the next one), and the log of what the browser sent, in order.
 */
class FakeServer {
  readonly doc = new Y.Doc();
  readonly sent: string[] = [];
  connected = true;
  refuseNext: ErrorCode | null = null;
  /** While set, opens wait for it: the server's copy is on its way. */
  openGate: Promise<void> | null = null;
  readonly #handlers = new Map<string, Set<Handler>>();

  readonly socket = {
    on: (event: string, fn: Handler) => this.#on(event).add(fn),
    off: (event: string, fn: Handler) => this.#on(event).delete(fn),
    emit: (event: string) => this.sent.push(event),
    emitWithAck: (event: string, payload: Record<string, unknown>) => this.#answer(event, payload),
    get connected(): boolean {
      return server.connected;
    },
  };

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getter above reads the server's state
    server = this;
  }

  /** Someone else's edit, stored and broadcast. */
  otherEdit(write: (text: Y.Text) => void): void {
    const before = Y.encodeStateVector(this.doc);
    write(descriptionOf(this.doc));
    const message = encodeUpdateMessage(Y.encodeStateAsUpdate(this.doc, before));
    for (const fn of this.#on('card:synced')) (fn as (p: unknown) => void)({ cardId: 'c1', message });
  }

  disconnect(): void {
    this.connected = false;
    for (const fn of this.#on('disconnect')) (fn as () => void)();
  }

  get text(): string {
    return descriptionOf(this.doc).toString();
  }

  #on(event: string): Set<Handler> {
    let set = this.#handlers.get(event);
    if (!set) this.#handlers.set(event, (set = new Set()));
    return set;
  }

  async #answer(event: string, payload: Record<string, unknown>): Promise<unknown> {
    this.sent.push(event);
    await Promise.resolve();
    if (!this.connected) return new Promise(() => undefined); // never answered
    if (event === 'card:open') {
      await this.openGate;
      return {
        ok: true,
        syncStep2: answerSyncStep1(this.doc, payload.syncStep1 as Uint8Array),
        stateVector: Y.encodeStateVector(this.doc),
        awareness: encodeAwarenessEntries([]),
        canEdit: true,
      };
    }
    if (event === 'card:edit') {
      if (this.refuseNext) {
        const code = this.refuseNext;
        this.refuseNext = null;
        return { ok: false, error: { code, message: 'Refused.' } } satisfies CommandAck;
      }
      Y.applyUpdate(this.doc, payload.update as Uint8Array);
      return { ok: true } satisfies CommandAck;
    }
    return { ok: true };
  }
}
let server: FakeServer;

/** Lets queued sends, answers and the pause between batches run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

async function opened(fake: FakeServer): Promise<CardContent> {
  const content = new CardContent(fake.socket as unknown as CardSocket, 'b1', 'c1');
  await content.open();
  return content;
}

describe('a card’s content in the browser', () => {
  it('sends local edits to the server in order and takes in others’ edits', async () => {
    const fake = new FakeServer();
    const content = await opened(fake);
    for (const word of ['Plan ', 'the ', 'release.']) content.description.insert(content.description.length, word);
    await settle();
    expect(fake.text).toBe('Plan the release.');
    fake.otherEdit((t) => t.insert(0, 'Note: '));
    await settle();
    expect(fake.text).toBe('Note: Plan the release.');
    expect(content.description.toString()).toBe(fake.text);
    expect(content.saving).toBe(false);
  });

  it('delivers an edit not yet sent before telling the server the card is closed', async () => {
    const fake = new FakeServer();
    const content = await opened(fake);
    await settle();
    content.description.insert(0, 'Last words');
    content.close();
    await settle();
    expect(fake.text).toBe('Last words');
    expect(fake.sent.lastIndexOf('card:edit')).toBeLessThan(fake.sent.lastIndexOf('card:close'));
  });

  it('keeps text typed offline, even when the card is closed, and sends it once reopened', async () => {
    const fake = new FakeServer();
    const content = await opened(fake);
    fake.disconnect();
    expect(content.status).toBe('offline');
    content.description.insert(0, 'Typed offline');
    content.close();
    expect(content.unsaved).toBe(true);
    expect(fake.sent).not.toContain('card:close');

    fake.connected = true;
    await content.open(); // what the board session does after joining again
    await settle();
    expect(fake.text).toBe('Typed offline');
    expect(content.unsaved).toBe(false);
    expect(fake.sent.at(-1)).toBe('card:close');
  });

  it('starts again from the server’s copy after a refusal, with nothing typed into the empty copy', async () => {
    const fake = new FakeServer();
    fake.otherEdit((t) => t.insert(0, 'Agreed.'));
    const content = await opened(fake);
    content.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
    fake.refuseNext = ErrorCode.payloadTooLarge;
    let release = () => undefined as void;
    fake.openGate = new Promise((resolve) => (release = resolve));
    content.description.insert(7, ' Far too long.');
    await expect.poll(() => content.problem).toMatch(/not saved/);
    // While the server's copy is on its way, the editor is not offered: nothing lands in the empty copy.
    expect(content.status).toBe('opening');
    release();
    await settle();
    expect(content.status).toBe('live');
    expect(content.description.toString()).toBe('Agreed.');
    // Cursors go on working on the new copy.
    expect(() => content.awareness.setLocalStateField('cursor', { anchor: 2, head: 2 })).not.toThrow();
    await settle();
    content.description.insert(7, ' Short.');
    await settle();
    expect(fake.text).toBe('Agreed. Short.');
  });
});
