import { cardContentUpdates } from '@obeya/db';
import { MAX_COMMENTS_PER_CARD, MAX_DESCRIPTION_LENGTH } from '@obeya/domain';
import { addComment, descriptionOf, encodeSyncStep1, toUint8Array } from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CardReplica, storedContent } from './card-helpers.ts';
import {
  api,
  boardOf,
  createStore,
  principal,
  signUp,
  startServer,
  storeKinds,
  TestClient,
  waitFor,
  type ClientAuth,
  type RunningServer,
  type Store,
  type TestUser,
} from './helpers.ts';

/** A board with an admin (Ann), a member (Bob), a viewer (Vic), a wall screen and one card. */
async function cast(server: RunningServer) {
  const ann = await signUp(server, 'Ann');
  const bob = await signUp(server, 'Bob');
  const vic = await signUp(server, 'Vic');
  const boardId = await boardOf(server, ann, 'Content');
  await server.access.addMember(principal(ann), boardId, bob.user.email, 'member');
  await server.access.addMember(principal(ann), boardId, vic.user.email, 'viewer');
  const wall = (await server.access.createWallToken(principal(ann), boardId, 'TV')).token;
  const newCard = async (title = 'Write me up') => {
    const columnId = (await server.boards.getBoard(boardId)).columns[0]!.id;
    const ack = await server.boards.execute(boardId, randomUUID(), { type: 'card:create', title, columnId }, ann.user);
    if (!ack.ok || !ack.createdId) throw new Error('card not created');
    return ack.createdId;
  };
  return { ann, bob, vic, wall, boardId, cardId: await newCard(), newCard };
}

describe.each(storeKinds)('card content on %s', (kind) => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function store(): Promise<Store> {
    const s = await createStore(kind);
    cleanup.push(() => s.drop());
    return s;
  }

  /** A client on the board with the card open. */
  async function opened(server: RunningServer, boardId: string, cardId: string, auth: ClientAuth) {
    const client = await TestClient.connect(server.url, boardId, auth);
    cleanup.push(() => client.close());
    const replica = new CardReplica(client, cardId);
    const ack = await replica.open();
    if (!ack.ok) throw new Error(`could not open the card: ${ack.error.message}`);
    return replica;
  }

  const serverText = async (server: RunningServer, person: TestUser, cardId: string) =>
    (await api(server, 'GET', `/api/cards/${cardId}/content`, { token: person.token })).body.description as string;

  it('members typing at once converge with the server, keep the text across a restart, and merge offline typing', async () => {
    const s = await store();
    let server = await startServer(s);
    const port = server.port;
    const { ann, bob, boardId, cardId } = await cast(server);
    const a = await opened(server, boardId, cardId, ann);
    const b = await opened(server, boardId, cardId, bob);
    expect(a.opened?.canEdit).toBe(true);

    // Rounds of concurrent inserts at the same spot, each typed before the other's arrives.
    for (let round = 0; round < 5; round++) {
      const acks = await Promise.all([
        a.edit((t) => t.insert(0, `a${round} `)),
        b.edit((t) => t.insert(0, `b${round} `)),
      ]);
      expect(acks).toEqual([{ ok: true }, { ok: true }]);
    }
    await waitFor(() => a.text() === b.text() && a.text().length === 30, 'both replicas to hold all ten words');
    // Concurrent deletes and inserts over the same range.
    const [del, ins] = await Promise.all([a.edit((t) => t.delete(3, 9)), b.edit((t) => t.insert(6, 'MIDDLE'))]);
    expect([del, ins]).toEqual([{ ok: true }, { ok: true }]);
    await waitFor(() => a.text() === b.text() && a.text().includes('MIDDLE'), 'the delete and insert to merge');
    expect(await serverText(server, ann, cardId)).toBe(a.text());
    const before = a.text();

    await server.close();
    await waitFor(() => !a.client.socket.connected && !b.client.socket.connected, 'the clients to notice');
    server = await startServer(s, port);
    cleanup.push(() => server.close());
    await waitFor(() => a.client.joins > 1 && b.client.joins > 1, 'the clients to rejoin the board');
    // A first client of the restarted server sees the same text: the document kept its identity.
    const c = await opened(server, boardId, cardId, ann);
    expect(c.text()).toBe(before);
    expect((await a.open()).ok).toBe(true);
    expect((await b.open()).ok).toBe(true);
    expect([a.text(), b.text()]).toEqual([before, before]);

    // Bob goes offline and types; Ann types meanwhile; Bob comes back, reopens and sends what the server lacks.
    b.client.socket.disconnect();
    b.type((t) => t.insert(t.length, ' offline words'));
    expect((await a.edit((t) => t.insert(0, 'online '))).ok).toBe(true);
    b.client.socket.connect();
    await waitFor(() => b.client.joins > 2, 'Bob to rejoin the board');
    const reopened = await b.open();
    if (!reopened.ok) throw new Error(reopened.error.message);
    expect((await b.send(Y.encodeStateAsUpdate(b.doc, toUint8Array(reopened.stateVector)))).ok).toBe(true);
    await waitFor(
      () => [a, b, c].every((r) => r.text() === b.text()) && a.text().includes('offline words'),
      'the offline words to reach everyone',
    );
    expect(a.text().startsWith('online ')).toBe(true);
    expect(await serverText(server, ann, cardId)).toBe(a.text());
  });

  describe('on one server', () => {
    let s: Store;
    let server: RunningServer;
    let now = new Date('2026-03-02T09:00:00.000Z');

    beforeAll(async () => {
      s = await createStore(kind);
      server = await startServer(s, 0, { clock: { now: () => now }, contentLimits: { maxBytes: 32 * 1024 } });
    });
    afterAll(async () => {
      await server.close();
      await s.drop();
    });

    it('viewers and wall screens may open a card but not edit it: refused, seen by nobody, stored nowhere', async () => {
      const { ann, bob, vic, wall, boardId, cardId } = await cast(server);
      const member = await opened(server, boardId, cardId, ann);
      expect((await member.edit((t) => t.insert(0, 'Agreed text'))).ok).toBe(true);
      const viewer = await opened(server, boardId, cardId, vic);
      const screen = await opened(server, boardId, cardId, { token: wall });
      expect([viewer.opened?.canEdit, screen.opened?.canEdit]).toEqual([false, false]);
      expect([viewer.text(), screen.text()]).toEqual(['Agreed text', 'Agreed text']);
      const stored = await storedContent(server, cardId);

      for (const reader of [viewer, screen]) {
        const ack = await reader.edit((t) => t.insert(0, 'Vandalised '));
        expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      expect(await storedContent(server, cardId)).toEqual(stored);
      expect(await serverText(server, ann, cardId)).toBe('Agreed text');
      // A member's edit after the refusals reaches Ann; anything sent before it would have come first.
      const bobs = await opened(server, boardId, cardId, bob);
      expect((await bobs.edit((t) => t.insert(t.length, ' Signed.'))).ok).toBe(true);
      await waitFor(() => member.text() === 'Agreed text Signed.', 'Bob’s edit to reach Ann');
      expect(member.synced).toBe(1);
    });

    it('an edit of anything but the description, garbage, an out-of-step or an over-long edit is refused; an honest editor carries on', async () => {
      const { ann, bob, boardId, cardId } = await cast(server);
      const honest = await opened(server, boardId, cardId, ann);
      const watcher = await opened(server, boardId, cardId, ann);
      const attacker = await opened(server, boardId, cardId, bob);
      expect((await honest.edit((t) => t.insert(0, 'Start.'))).ok).toBe(true);
      await waitFor(() => attacker.text() === 'Start.', 'the attacker to be in step');

      /** An update made on a copy of the attacker's replica, so it depends on nothing the server lacks. */
      const crafted = (write: (doc: Y.Doc) => void) => {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(attacker.doc));
        const sv = Y.encodeStateVector(copy);
        write(copy);
        return Y.encodeStateAsUpdate(copy, sv);
      };
      const detached = new Y.Doc();
      Y.applyUpdate(detached, Y.encodeStateAsUpdate(attacker.doc));
      descriptionOf(detached).insert(0, 'never sent ');
      const sv = Y.encodeStateVector(detached);
      descriptionOf(detached).insert(0, 'depends on it ');
      const cases: Array<[string, Uint8Array, string, RegExp]> = [
        [
          'a forged comment',
          crafted((doc) => doc.getMap('comments').set('forged', { body: 'I approve' })),
          'INVALID_PAYLOAD',
          /description only/,
        ],
        [
          'a forged comment map',
          crafted((doc) => {
            const forged = new Y.Map<unknown>();
            doc.getMap('comments').set('forged', forged);
            forged.set('body', 'I approve');
          }),
          'INVALID_PAYLOAD',
          /text and formatting only/,
        ],
        [
          'a root type of its own',
          crafted((doc) => doc.getMap('mine').set('x', 1)),
          'INVALID_PAYLOAD',
          /description only/,
        ],
        [
          'the description and more',
          crafted((doc) => {
            descriptionOf(doc).insert(0, 'Innocent ');
            doc.getArray('extra').push([1]);
          }),
          'INVALID_PAYLOAD',
          /description only/,
        ],
        [
          'a shared type inside the description',
          crafted((doc) => descriptionOf(doc).insertEmbed(0, new Y.Map())),
          'INVALID_PAYLOAD',
          /text and formatting only/,
        ],
        [
          'garbage',
          new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]),
          'INVALID_PAYLOAD',
          /not a valid Yjs update/,
        ],
        ['missing dependencies', Y.encodeStateAsUpdate(detached, sv), 'INVALID_PAYLOAD', /reopen the card/],
        [
          'too long',
          crafted((doc) => descriptionOf(doc).insert(0, 'x'.repeat(MAX_DESCRIPTION_LENGTH))),
          'PAYLOAD_TOO_LARGE',
          new RegExp(`${MAX_DESCRIPTION_LENGTH}`),
        ],
      ];
      for (const [what, update, code, message] of cases) {
        const stored = await storedContent(server, cardId);
        const seen = watcher.synced;
        const [bad, good] = await Promise.all([
          attacker.send(update),
          honest.edit((t) => t.insert(t.length, ` ${what}.`)),
        ]);
        expect(bad, what).toMatchObject({ ok: false, error: { code } });
        expect(bad.ok || bad.error.message, what).toMatch(message);
        expect(good, what).toEqual({ ok: true });
        await waitFor(() => watcher.text() === honest.text(), `the honest edit after ${what} to arrive`);
        expect(watcher.synced, what).toBe(seen + 1);
        const after = await storedContent(server, cardId);
        expect(after.rows.slice(0, stored.rows.length), what).toEqual(stored.rows);
        expect(after.rows, what).toHaveLength(stored.rows.length + 1);
        expect(after.comments, what).toEqual([]);
        expect(after.text, what).toBe(honest.text());
      }
      // Nobody gets their own edits back.
      expect(honest.synced).toBe(0);
      // The attacker's replica is out of step; reopened from the server's copy it edits again.
      const fresh = new CardReplica(attacker.client, cardId);
      expect((await fresh.open()).ok).toBe(true);
      expect(fresh.text()).toBe(honest.text());
      expect((await fresh.edit((t) => t.insert(0, 'Back. '))).ok).toBe(true);
      await waitFor(() => honest.text().startsWith('Back. ') && watcher.text() === honest.text(), 'convergence');
      expect(await serverText(server, ann, cardId)).toBe(honest.text());
    });

    it('refuses an edit that would take the stored content past its byte bound, after compacting', async () => {
      const { ann, boardId, cardId } = await cast(server);
      const editor = await opened(server, boardId, cardId, ann);
      // Each rewrite stores some 8 KB: the rows pass the bound, and are folded into a small snapshot.
      for (let i = 0; i < 6; i++) {
        const ack = await editor.edit((t) => {
          t.delete(0, t.length);
          t.insert(0, `${i}`.repeat(8000));
        });
        expect(ack).toEqual({ ok: true });
      }
      const stored = await storedContent(server, cardId);
      expect(stored.rows.length).toBeLessThan(4);
      // 11 000 characters are within the description's limit, but take 33 KB: more than the card may store.
      const big = await editor.edit((t) => t.insert(0, '語'.repeat(11_000)));
      expect(big).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: 32 * 1024 } } });
      expect(big.ok || big.error.message).toMatch(/32768 bytes/);
      expect(await storedContent(server, cardId)).toEqual(stored);
      expect(await serverText(server, ann, cardId)).toBe('5'.repeat(8000));
    });

    it('comments: the server sets author and time, only the author edits, a retry applies once, viewers may not', async () => {
      const { ann, bob, vic, wall, boardId, cardId } = await cast(server);
      const bobs = await opened(server, boardId, cardId, bob);
      const anns = await opened(server, boardId, cardId, ann);
      const viewer = await opened(server, boardId, cardId, vic);
      now = new Date('2026-03-02T10:00:00.000Z');
      const opId = randomUUID();
      const added = await bobs.comment('Looks good to me', opId);
      if (!added.ok || !added.createdId) throw new Error('comment refused');
      // A retry (same operation id) is answered the same and adds nothing.
      expect(await bobs.comment('Looks good to me', opId)).toEqual(added);
      await waitFor(() => viewer.comments().length === 1 && bobs.comments().length === 1, 'the comment to arrive');
      expect(viewer.comments()).toEqual([
        {
          id: added.createdId,
          authorId: bob.user.id,
          authorName: 'Bob',
          body: 'Looks good to me',
          createdAt: '2026-03-02T10:00:00.000Z',
          editedAt: null,
        },
      ]);

      expect(await anns.editComment(added.createdId, 'Ann rewrote it')).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await anns.editComment('no-such-comment', 'Nothing')).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      now = new Date('2026-03-02T10:05:00.000Z');
      expect(await bobs.editComment(added.createdId, 'Looks good to me now')).toEqual({ ok: true });
      await waitFor(() => viewer.comments()[0]?.body === 'Looks good to me now', 'the edit to arrive');
      expect(viewer.comments()[0]).toMatchObject({
        createdAt: '2026-03-02T10:00:00.000Z',
        editedAt: now.toISOString(),
      });

      const stored = await storedContent(server, cardId);
      expect(await viewer.comment('Viewers cannot')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const screen = await opened(server, boardId, cardId, { token: wall });
      expect(await screen.comment('Nor walls')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await screen.editComment(added.createdId, 'Nor walls')).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await storedContent(server, cardId)).toEqual(stored);
      expect(stored.comments).toHaveLength(1);
      expect(stored.events.map((e) => [e.type, e.actor])).toEqual([
        ['card.created', ann.user.id],
        ['card.commented', bob.user.id],
        ['card.comment_edited', bob.user.id],
      ]);
    });

    it('a card holds at most its limit of comments', async () => {
      const { ann, boardId, newCard } = await cast(server);
      const cardId = await newCard('Much discussed');
      // Stored before anyone opens the card, as if written over months.
      const doc = new Y.Doc();
      for (let i = 0; i < MAX_COMMENTS_PER_CARD; i++) {
        addComment(doc, {
          id: `c${i}`,
          authorId: ann.user.id,
          authorName: 'Ann',
          body: `Remark ${i}`,
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
          editedAt: null,
        });
      }
      await server.database.db
        .insert(cardContentUpdates)
        .values({ boardId, cardId, seq: 1, data: Y.encodeStateAsUpdate(doc) });
      const anns = await opened(server, boardId, cardId, ann);
      expect(anns.comments()).toHaveLength(MAX_COMMENTS_PER_CARD);
      const refused = await anns.comment('One more');
      expect(refused).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
      expect(refused.ok || refused.error.message).toMatch(`${MAX_COMMENTS_PER_CARD}`);
      const rest = await api(server, 'POST', `/api/cards/${cardId}/comments`, {
        token: ann.token,
        body: { body: 'One more' },
      });
      expect(rest.status).toBe(413);
      expect((await storedContent(server, cardId)).comments).toHaveLength(MAX_COMMENTS_PER_CARD);
    });

    it('REST: a comment with an Idempotency-Key is added once; the content reads as plain text', async () => {
      const { ann, bob, vic, wall, boardId, cardId } = await cast(server);
      const anns = await opened(server, boardId, cardId, ann);
      expect((await anns.edit((t) => t.insert(0, 'Plain **text**'))).ok).toBe(true);
      const post = () =>
        api(server, 'POST', `/api/cards/${cardId}/comments`, {
          token: bob.token,
          headers: { 'idempotency-key': 'comment-retry-0001' },
          body: { body: '  Trimmed  ' },
        });
      const [first, retry] = [await post(), await post()];
      expect(first.status).toBe(201);
      expect(first.body.comment).toMatchObject({ authorId: bob.user.id, authorName: 'Bob', body: 'Trimmed' });
      expect(retry.body.comment).toEqual(first.body.comment);
      await waitFor(() => anns.comments().length === 1, 'the REST comment to reach the open card');
      for (const auth of [{ token: vic.token }, { token: wall }]) {
        const res = await api(server, 'GET', `/api/cards/${cardId}/content`, auth);
        expect(res.body).toEqual({ description: 'Plain **text**', comments: [first.body.comment] });
      }
      const refused = await api(server, 'POST', `/api/cards/${cardId}/comments`, {
        token: vic.token,
        body: { body: 'x' },
      });
      expect(refused.status).toBe(403);
      const empty = await api(server, 'POST', `/api/cards/${cardId}/comments`, {
        token: bob.token,
        body: { body: ' ' },
      });
      expect(empty.status).toBe(400);
    });

    it("a card's activity lists its events newest first with names, one `described` per person per quiet spell", async () => {
      const { ann, bob, vic, wall, boardId, cardId } = await cast(server);
      const client = await TestClient.connect(server.url, boardId, bob);
      cleanup.push(() => client.close());
      const doing = client.board().columns.sort((x, y) => (x.rank < y.rank ? -1 : 1))[1];
      expect((await client.command('card:move', { cardId, toColumnId: doing!.id })).ok).toBe(true);
      expect((await client.command('card:block', { cardId, reason: 'Waiting for legal', waste: 'waiting' })).ok).toBe(
        true,
      );
      const bobs = new CardReplica(client, cardId);
      expect((await bobs.open()).ok).toBe(true);
      expect((await bobs.comment('Pinged legal')).ok).toBe(true);
      now = new Date(now.getTime() + 1000);
      for (const word of ['Legal ', 'review ', 'needed']) {
        expect((await bobs.edit((t) => t.insert(t.length, word))).ok).toBe(true);
      }
      const anns = await opened(server, boardId, cardId, ann);
      expect((await anns.edit((t) => t.insert(0, '> '))).ok).toBe(true);
      now = new Date(now.getTime() + 9 * 60_000);
      expect((await bobs.edit((t) => t.insert(t.length, '.'))).ok).toBe(true);
      now = new Date(now.getTime() + 60_000);
      expect((await bobs.edit((t) => t.insert(t.length, '!'))).ok).toBe(true);

      for (const auth of [{ token: vic.token }, { token: wall }]) {
        const res = await api(server, 'GET', `/api/cards/${cardId}/activity`, auth);
        expect(res.status).toBe(200);
        const lines = (res.body.activity as Array<{ actorName: string; event: { type: string }; at: string }>).map(
          (e) => `${e.actorName} ${e.event.type}`,
        );
        expect(lines).toEqual([
          'Bob card.described',
          'Ann card.described',
          'Bob card.described',
          'Bob card.commented',
          'Bob card.blocked',
          'Bob card.moved',
          'Ann card.created',
        ]);
        expect(res.body.activity[0]).toMatchObject({
          actorId: bob.user.id,
          at: now.toISOString(),
          event: { type: 'card.described', cardId, length: '> Legal review needed.!'.length },
        });
      }
      const other = await signUp(server, 'Outsider');
      expect((await api(server, 'GET', `/api/cards/${cardId}/activity`, { token: other.token })).status).toBe(404);
      expect((await api(server, 'GET', `/api/cards/no-such-card/activity`, { token: ann.token })).status).toBe(404);
    });

    it('opening needs the board joined, the card on that board and not archived', async () => {
      const { ann, boardId, cardId, newCard } = await cast(server);
      const elsewhere = await cast(server);
      const client = await TestClient.connect(server.url, boardId, ann);
      cleanup.push(() => client.close());
      const syncStep1 = () => encodeSyncStep1(new Y.Doc());
      const ask = (ref: { boardId: string; cardId: string }) =>
        client.socket.emitWithAck('card:open', { ...ref, syncStep1: syncStep1() });
      expect(await ask({ boardId, cardId })).toMatchObject({ ok: true });
      // A card of another board, named with this board's id.
      expect(await ask({ boardId, cardId: elsewhere.cardId })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      // The other board was never joined on this connection.
      expect(await ask({ boardId: elsewhere.boardId, cardId: elsewhere.cardId })).toMatchObject({
        ok: false,
        error: { code: 'NOT_JOINED' },
      });
      const archived = await newCard('Gone');
      await server.boards.execute(boardId, randomUUID(), { type: 'card:archive', cardId: archived }, ann.user);
      expect(await ask({ boardId, cardId: archived })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const emit = client.socket.emitWithAck as (event: string, payload: unknown) => Promise<unknown>;
      for (const payload of [
        { boardId, cardId, syncStep1: 'nope' },
        { boardId, cardId, syncStep1: new Uint8Array([7, 7, 7]) },
        { boardId, cardId },
      ]) {
        const answer = await emit.call(client.socket, 'card:open', payload);
        expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      }
    });
  });
});
