import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  addComment,
  decodeAwarenessUpdate,
  descriptionOf,
  editComment,
  hasForeignContent,
  readComments,
  stampAwarenessUpdate,
  touchesOnlyDescription,
} from './card-content.ts';

/** Applies `update` to `doc` and says whether the transaction touched only the description. */
function onlyDescription(doc: Y.Doc, update: Uint8Array): boolean {
  let verdict = false;
  const check = (tr: Y.Transaction) => (verdict = touchesOnlyDescription(doc, tr));
  doc.on('afterTransaction', check);
  Y.applyUpdate(doc, update);
  doc.off('afterTransaction', check);
  return verdict;
}

describe('card content document', () => {
  it('lists comments oldest first, with edits', () => {
    const doc = new Y.Doc();
    const base = { authorId: 'u1', authorName: 'Ada', editedAt: null };
    addComment(doc, { ...base, id: 'b', body: 'second', createdAt: '2026-11-22T10:00:00.000Z' });
    addComment(doc, { ...base, id: 'a', body: 'first', createdAt: '2026-11-22T09:00:00.000Z' });
    editComment(doc, 'b', 'second, fixed', '2026-11-22T11:00:00.000Z');
    expect(readComments(doc).map((c) => [c.id, c.body, c.editedAt])).toEqual([
      ['a', 'first', null],
      ['b', 'second, fixed', '2026-11-22T11:00:00.000Z'],
    ]);
  });

  it('tells a browser update of the description from one that writes anything else', () => {
    const server = new Y.Doc();
    const browser = new Y.Doc();
    Y.applyUpdate(browser, Y.encodeStateAsUpdate(server));
    const sv = Y.encodeStateVector(browser);
    descriptionOf(browser).insert(0, 'Ship it', { bold: true });
    expect(onlyDescription(server, Y.encodeStateAsUpdate(browser, sv))).toBe(true);

    // A forged comment, and a shared type of the browser's own making.
    const forger = new Y.Doc();
    addComment(forger, {
      id: 'x',
      authorId: 'boss',
      authorName: 'The Boss',
      body: 'approved',
      createdAt: '2026-01-01T00:00:00.000Z',
      editedAt: null,
    });
    expect(onlyDescription(new Y.Doc(), Y.encodeStateAsUpdate(forger))).toBe(false);
    const other = new Y.Doc();
    other.getArray('junk').insert(0, [1, 2, 3]);
    expect(onlyDescription(new Y.Doc(), Y.encodeStateAsUpdate(other))).toBe(false);
  });

  it('finds nested types, sub-documents and binary in an update', () => {
    const plain = new Y.Doc();
    descriptionOf(plain).insert(0, 'text', { header: 2 });
    expect(hasForeignContent(Y.encodeStateAsUpdate(plain))).toBe(false);
    const nested = new Y.Doc();
    descriptionOf(nested).insertEmbed(0, new Y.Map());
    expect(hasForeignContent(Y.encodeStateAsUpdate(nested))).toBe(true);
    expect(() => hasForeignContent(new Uint8Array([0, 7, 1]))).toThrow();
  });

  it('stamps awareness states with the server’s user and drops clients the connection does not own', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ cursor: { anchor: 1, head: 2 }, user: { id: 'boss', name: 'The Boss', color: '#000' } });
    const mine = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    const user = { id: 'u1', name: 'Ada', color: '#0b5cd5' };

    const stamped = stampAwarenessUpdate(mine, (id) => id === doc.clientID, user);
    expect(stamped.clientIds).toEqual([doc.clientID]);
    const [entry] = decodeAwarenessUpdate(stamped.update);
    expect(entry?.state).toEqual({ cursor: { anchor: 1, head: 2 }, user });

    const someoneElses = stampAwarenessUpdate(mine, () => false, user);
    expect(someoneElses.clientIds).toEqual([]);
    expect(decodeAwarenessUpdate(someoneElses.update)).toEqual([]);
    awareness.destroy();
  });

  it('refuses a malformed awareness update', () => {
    expect(() => decodeAwarenessUpdate(new Uint8Array([5, 1]))).toThrow();
  });
});
