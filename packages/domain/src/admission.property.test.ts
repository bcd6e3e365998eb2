import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from './commands.ts';
import { decide } from './decide.ts';
import { evolveAll } from './evolve.ts';
import { limitLoads, scopeCount, scopeKey } from './limits.ts';
import type { BoardState, LimitScope, WipLimit } from './model.ts';
import { COLUMNS, testBoard, testContext } from './test-board.ts';

/*
 * For random limits and random command sequences from several people, replay only what the
 * referee admits and check the promise after every step: a hard limit never goes over, and a
 * soft limit goes over only together with a recorded reason. Seeded, so a failure replays.
 */

const LANES = ['std', 'exp'] as const;
const PEOPLE = ['ana', 'ben'] as const;

const scopeArb: fc.Arbitrary<LimitScope> = fc.oneof(
  fc.constantFrom(...COLUMNS).map((columnId) => ({ kind: 'column' as const, columnId })),
  fc.constantFrom(...LANES).map((laneId) => ({ kind: 'lane' as const, laneId })),
  fc
    .tuple(fc.constantFrom(...COLUMNS), fc.constantFrom(...LANES))
    .map(([columnId, laneId]) => ({ kind: 'cell' as const, columnId, laneId })),
  fc.constant({ kind: 'group' as const, groupId: 'dev' }),
  fc.constantFrom(...PEOPLE).map((userId) => ({ kind: 'person' as const, userId })),
);

const limitArb: fc.Arbitrary<WipLimit> = fc.record({
  scope: scopeArb,
  max: fc.integer({ min: 1, max: 4 }),
  mode: fc.constantFrom('hard' as const, 'soft' as const),
});

/** One limit per scope, as the board keeps them. */
const limitsArb = fc.uniqueArray(limitArb, { maxLength: 6, selector: (l) => scopeKey(l.scope) });

/** Card ids come from a small pool so commands hit existing cards often. */
const cardArb = fc.integer({ min: 1, max: 14 }).map((n) => `id-${String(n).padStart(3, '0')}`);
const reasonArb = fc.option(fc.constantFrom('Outage', 'Expedite request'), { nil: undefined });
const withReason = <T extends object>(command: T, reason: string | undefined) =>
  reason === undefined ? command : { ...command, reason };

const createArb = fc
  .tuple(fc.constantFrom(...COLUMNS), fc.constantFrom(...LANES), reasonArb)
  .map(([columnId, laneId, reason]): Command =>
    withReason({ type: 'card:create', title: 'Work', columnId, laneId }, reason),
  );
const moveArb = fc
  .tuple(cardArb, fc.constantFrom(...COLUMNS), fc.constantFrom(...LANES), reasonArb)
  .map(([cardId, toColumnId, toLaneId, reason]): Command =>
    withReason({ type: 'card:move', cardId, toColumnId, toLaneId }, reason),
  );
const assignArb = fc
  .tuple(cardArb, fc.subarray([...PEOPLE]), reasonArb)
  .map(([cardId, assignees, reason]): Command => withReason({ type: 'card:assign', cardId, assignees }, reason));
const archiveArb = cardArb.map((cardId): Command => ({ type: 'card:archive', cardId }));

const cardCommandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: createArb },
  { weight: 6, arbitrary: moveArb },
  { weight: 2, arbitrary: assignArb },
  { weight: 1, arbitrary: archiveArb },
);

/** Commands that change limits or the started zone, which may leave a scope over its limit. */
const structureCommandArb: fc.Arbitrary<Command> = fc.oneof(
  limitArb.map((l): Command => ({ type: 'limit:set', scope: l.scope, max: l.max, mode: l.mode })),
  scopeArb.map((scope): Command => ({ type: 'limit:set', scope, max: null, mode: 'hard' })),
  fc
    .constantFrom(['ready', 'done'], ['doing', 'review'], ['backlog', 'done'])
    .map(([startColumnId, finishColumnId]): Command => ({ type: 'board:update', startColumnId, finishColumnId })),
);

function startingBoard(limits: WipLimit[]): BoardState {
  return { ...testBoard(), limits };
}

/** Every soft limit over its maximum has a breach with a reason for each card beyond it. */
function softExcessHasReasons(board: BoardState): boolean {
  return limitLoads(board)
    .filter((l) => l.limit.mode === 'soft' && l.over)
    .every((l) => {
      const key = scopeKey(l.limit.scope);
      const breaches = board.breaches.filter((b) => scopeKey(b.scope) === key && b.reason.trim() !== '');
      return breaches.length > 0;
    });
}

describe('admission property: replaying only admitted commands', () => {
  it('never takes a hard limit over, and never a soft one without a reason', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(cardCommandArb, { maxLength: 60 }), (limits, commands) => {
        let board = startingBoard(limits);
        const ctx = testContext();
        for (const command of commands) {
          const d = decide(board, command, ctx);
          if (!d.ok) continue;
          board = evolveAll(board, d.events);
          for (const load of limitLoads(board)) {
            if (load.limit.mode === 'hard') expect(load.count).toBeLessThanOrEqual(load.limit.max);
          }
          expect(softExcessHasReasons(board)).toBe(true);
        }
      }),
      { seed: 20261121, numRuns: 300 },
    );
  });

  it('with limits lowered and the started zone moved on the way, a card command never raises a scope that is at or over its hard limit', () => {
    const step = fc.oneof({ weight: 4, arbitrary: cardCommandArb }, { weight: 1, arbitrary: structureCommandArb });
    fc.assert(
      fc.property(limitsArb, fc.array(step, { maxLength: 80 }), (limits, commands) => {
        let board = startingBoard(limits);
        const ctx = testContext();
        for (const command of commands) {
          const d = decide(board, command, ctx);
          if (!d.ok) continue;
          const after = evolveAll(board, d.events);
          if (command.type.startsWith('card:')) {
            for (const limit of after.limits.filter((l) => l.mode === 'hard')) {
              const before = scopeCount(board, limit.scope);
              const now = scopeCount(after, limit.scope);
              if (now > limit.max) expect(now).toBeLessThanOrEqual(before);
            }
          }
          board = after;
        }
      }),
      { seed: 20261122, numRuns: 300 },
    );
  });
});
