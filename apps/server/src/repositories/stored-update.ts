/**
 * One row of a document's stored update log: a Yjs update (or snapshot), its sequence number, and
 * the epoch of the document it belongs to (a board document started afresh is a new epoch; card
 * documents are never started afresh and stay at 0).
 */
export interface StoredUpdate {
  seq: number;
  epoch: number;
  data: Uint8Array;
}
