import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/*
 * The standard y-protocols sync messages, carried as binary socket.io payloads: the client sends
 * its state vector (step 1), the server answers with what the client lacks (step 2), then sends
 * every later update. The board document has a single writer, the server, so the server never
 * reads step 2 or update messages from clients.
 */

/** Binary as socket.io delivers it: Buffer in Node, ArrayBuffer in the browser. */
export type Bytes = Uint8Array | ArrayBuffer;

export function toUint8Array(bytes: Bytes): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

/** Client: "this is what I have". */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Server: answers a client's step 1 with the updates it is missing. Throws on a malformed message. */
export function answerSyncStep1(doc: Y.Doc, message: Bytes): Uint8Array {
  const decoder = decoding.createDecoder(toUint8Array(message));
  if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) {
    throw new Error('expected a sync step 1 message');
  }
  const encoder = encoding.createEncoder();
  syncProtocol.readSyncStep1(decoder, encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Server: the whole document as a step 2, for a client whose copy is of another epoch. */
export function encodeWholeSyncStep2(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeSyncStep2(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Server: wraps an update for broadcast. */
export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Client: applies a step 2 or update message from the server. */
export function applySyncMessage(doc: Y.Doc, message: Bytes, origin: unknown = 'server'): void {
  const decoder = decoding.createDecoder(toUint8Array(message));
  const type = decoding.readVarUint(decoder);
  if (type === syncProtocol.messageYjsSyncStep2) syncProtocol.readSyncStep2(decoder, doc, origin);
  else if (type === syncProtocol.messageYjsUpdate) syncProtocol.readUpdate(decoder, doc, origin);
}
