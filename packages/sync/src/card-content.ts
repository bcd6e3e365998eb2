import type { CardComment } from '@obeya/domain';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { Bytes } from './sync-messages.ts';
import { toUint8Array } from './sync-messages.ts';

/*
 * Layout of a card's content document. `description` is a Y.Text with rich-text attributes
 * (Quill's delta format: headings, lists, checklists, links, code) that members edit together.
 * `comments` maps comment id to a Y.Map of the comment's fields, and only the server writes it.
 */
export const DESCRIPTION = 'description';
const COMMENTS = 'comments';

export function descriptionOf(doc: Y.Doc): Y.Text {
  return doc.getText(DESCRIPTION);
}

/** The description's length in the unit its limit is counted in. */
export function descriptionLength(doc: Y.Doc): number {
  return descriptionOf(doc).length;
}

function commentsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(COMMENTS);
}

/** The card's comments, oldest first. */
export function readComments(doc: Y.Doc): CardComment[] {
  const list = [...commentsOf(doc).values()].map((m) => m.toJSON() as CardComment);
  return list.sort((a, b) =>
    a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? -1 : 1,
  );
}

export function commentCount(doc: Y.Doc): number {
  return commentsOf(doc).size;
}

export function findComment(doc: Y.Doc, id: string): CardComment | null {
  return (commentsOf(doc).get(id)?.toJSON() as CardComment | undefined) ?? null;
}

/** Server only: appends a comment, field by field. */
export function addComment(doc: Y.Doc, comment: CardComment): void {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    commentsOf(doc).set(comment.id, map);
    for (const [key, value] of Object.entries(comment)) map.set(key, value);
  });
}

/** Server only: changes a comment's text. */
export function editComment(doc: Y.Doc, id: string, body: string, editedAt: string): void {
  const map = commentsOf(doc).get(id);
  if (!map) return;
  doc.transact(() => {
    map.set('body', body);
    map.set('editedAt', editedAt);
  });
}

/**
 * True when every shared type a transaction changed is the description: a browser's update may
 * write the description and nothing else (not the comments, not a type of its own making). Looked
 * up by name, without `getText`, which would swap in a new type object mid-check.
 */
export function touchesOnlyDescription(doc: Y.Doc, transaction: Y.Transaction): boolean {
  const description = doc.share.get(DESCRIPTION);
  for (const type of transaction.changed.keys()) if (type !== description) return false;
  return true;
}

/**
 * True when an update carries nothing a description can hold: nested shared types, sub-documents
 * or binary (text, formats and embeds are fine). Throws on a malformed update.
 */
export function hasForeignContent(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).structs.some(
    (s) =>
      s instanceof Y.Item &&
      (s.content instanceof Y.ContentType || s.content instanceof Y.ContentDoc || s.content instanceof Y.ContentBinary),
  );
}

/** Who an awareness state belongs to, as the server stamps it: browsers cannot claim another. */
export interface AwarenessUser {
  id: string;
  name: string;
  color: string;
}

/**
 * A steady colour per person, so their avatar, assignee chip and cursor look the same everywhere.
 * Distinct, and dark enough for white initials (contrast at least 4.5:1).
 */
const PALETTE = ['#0b5cd5', '#7a3db8', '#137333', '#a3366b', '#8a4b00', '#00677a', '#5b5f66'];
export function personColor(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#5b5f66';
}

/** One client's entry in a y-protocols awareness update; `state` null means it left. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** Reads a y-protocols awareness update; throws on a malformed one. */
export function decodeAwarenessUpdate(update: Bytes): AwarenessEntry[] {
  const decoder = decoding.createDecoder(toUint8Array(update));
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = JSON.parse(decoding.readVarString(decoder)) as unknown;
    if (state !== null && (typeof state !== 'object' || Array.isArray(state)))
      throw new Error('state is not an object');
    entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
  }
  return entries;
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Server: keeps the entries of clients this connection owns, with `user` replaced by who the
 * connection is. Returns the re-encoded update and the client ids it carried.
 */
export function stampAwarenessUpdate(
  update: Bytes,
  owns: (clientId: number) => boolean,
  user: AwarenessUser,
): { update: Uint8Array; clientIds: number[] } {
  const entries = decodeAwarenessUpdate(update)
    .filter((e) => owns(e.clientId))
    .map((e) => ({ ...e, state: e.state && { ...e.state, user } }));
  return { update: encodeAwarenessEntries(entries), clientIds: entries.map((e) => e.clientId) };
}
