import type { BoardState } from '@obeya/domain';
import { readBoard } from '@obeya/sync';
import { DocRoom } from './doc-room.ts';

/** This node's copy of one board document; commands on the board run through `exclusive`. */
export class BoardRoom extends DocRoom {
  board(): BoardState {
    return readBoard(this.doc);
  }
}
