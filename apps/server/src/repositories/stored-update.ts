/** One row of a document's stored update log: a Yjs update (or snapshot) and its sequence number. */
export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
}
