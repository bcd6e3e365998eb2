import type { Card } from '@obeya/domain';

/** A plain card for the web's unit tests: unassigned, not blocked, titled after its id. */
export function testCard(id: string, columnId: string, title = `Card ${id}`): Card {
  return {
    id,
    title,
    columnId,
    laneId: 'std',
    rank: 'a0',
    createdAt: '2026-01-01T00:00:00.000Z',
    assignees: [],
    blocked: null,
  };
}
