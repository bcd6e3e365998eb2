import type { LimitScope } from '@obeya/domain';
import type { CommandAck } from '@obeya/sync';
import { randomUUID } from 'node:crypto';
import { api, cardsOf, signUp, TestClient, waitFor, type TestUser } from './helpers.ts';

/*
 * The race the WIP promise is about: many people at once pull different cards into one column
 * with a hard limit. Everything goes through the public surface (REST and socket.io), so the
 * same race runs against one server or several nodes on one database.
 */

export interface RaceSetup {
  boardId: string;
  doingId: string;
  cardIds: string[];
  people: TestUser[];
}

export interface RaceResult {
  setup: RaceSetup;
  answers: CommandAck[];
  clients: TestClient[];
}

/** A board whose "Doing" has a hard limit, `cards` cards waiting in "To do", and members to move them. */
export async function raceSetup(url: string, cards: number, limit: number, members = 5): Promise<RaceSetup> {
  const owner = await signUp({ url }, 'Owner');
  const people = [owner];
  for (let i = 1; i < members; i++) people.push(await signUp({ url }, `Member ${i}`));
  const as = { token: owner.token };
  const created = await api({ url }, 'POST', '/api/boards', { ...as, body: { name: 'Race', template: 'basic' } });
  const boardId: string = created.body.board.id;
  for (const person of people.slice(1)) {
    await api({ url }, 'POST', `/api/boards/${boardId}/members`, {
      ...as,
      body: { email: person.user.email, role: 'member' },
    });
  }
  const board = (await api({ url }, 'GET', `/api/boards/${boardId}`, as)).body.board;
  const column = (name: string): string => board.columns.find((c: { name: string }) => c.name === name).id;
  const scope: LimitScope = { kind: 'column', columnId: column('Doing') };
  await api({ url }, 'PUT', `/api/boards/${boardId}/limits`, { ...as, body: { scope, max: limit, mode: 'hard' } });
  const cardIds: string[] = [];
  for (let i = 0; i < cards; i++) {
    const res = await api({ url }, 'POST', `/api/boards/${boardId}/cards`, {
      ...as,
      body: { title: `Card ${i}`, columnId: column('To do') },
    });
    cardIds.push(res.body.card.id);
  }
  return { boardId, doingId: column('Doing'), cardIds, people };
}

/**
 * Races every card into Doing at once: one socket.io client per card except the last `rest`
 * cards, which go through REST. Clients and requests are spread over `urls` and over the people.
 */
export async function race(urls: string[], setup: RaceSetup, rest: number): Promise<RaceResult> {
  const bySocket = setup.cardIds.length - rest;
  const at = (i: number) => urls[i % urls.length] ?? '';
  const who = (i: number) => setup.people[i % setup.people.length]!;
  const clients = await Promise.all(
    Array.from({ length: bySocket }, (_, i) => TestClient.connect(at(i), setup.boardId, { token: who(i).token })),
  );
  const move = { toColumnId: setup.doingId };
  const answers = await Promise.all(
    setup.cardIds.map(async (cardId, i): Promise<CommandAck> => {
      const client = clients[i];
      if (client) return client.command('card:move', { cardId, ...move });
      const res = await api({ url: at(i) }, 'POST', `/api/cards/${cardId}/move`, {
        token: who(i).token,
        body: move,
        headers: { 'idempotency-key': randomUUID() },
      });
      return res.status === 200 ? { ok: true } : { ok: false, error: res.body.error };
    }),
  );
  return { setup, answers, clients };
}

/** What every node's REST answer and every client's document say about Doing, once converged. */
export async function settledState(urls: string[], result: RaceResult) {
  const { setup, clients } = result;
  const token = setup.people[0]!.token;
  const boards = await Promise.all(
    urls.map(async (url) => (await api({ url }, 'GET', `/api/boards/${setup.boardId}`, { token })).body.board),
  );
  const reference = cardsOf(boards[0]);
  await waitFor(
    () => clients.every((c) => JSON.stringify(cardsOf(c.board())) === JSON.stringify(reference)),
    'every client to converge on the stored board',
  );
  const flowLog: string = (await api({ url: urls[0]! }, 'GET', `/api/boards/${setup.boardId}/flow-log`, { token }))
    .body;
  const movedIn = flowLog
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; to?: string; card?: string })
    .filter((line) => line.type === 'moved' && line.to === setup.doingId)
    .map((line) => line.card);
  return { boards: boards.map(cardsOf), reference, movedIn };
}
