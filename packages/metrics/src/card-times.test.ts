import { describe, expect, it } from 'vitest';
import { computeReport } from './report.ts';
import { DAY, HOUR, cardOf, ev, makeLog, ms } from './test-helpers.ts';

const NOW = ms('03-20T12:00');
const report = (events: Parameters<typeof makeLog>[0], now = NOW) => computeReport(makeLog(events), { now });

describe('card times', () => {
  it('M5 cycle time: finishedAt − startedAt; M6 lead time: finishedAt − createdAt', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'backlog'),
      ev.moved('a', '03-03T10:00', 'ready'),
      ev.moved('a', '03-05T16:30', 'done'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({
      cycleTimeMs: 2 * DAY + 6.5 * HOUR,
      leadTimeMs: 3 * DAY + 7.5 * HOUR,
      ageMs: null,
    });
  });

  it('M5 cycle time: 0 for a card created directly in a finished column', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'done'),
      ev.created('b', '03-02T09:00', 'backlog'),
      ev.moved('b', '03-03T09:00', 'done'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({ cycleTimeMs: 0, leadTimeMs: 0, activeMs: 0, waitingMs: 0 });
    expect(cardOf(r, 'b')).toMatchObject({ cycleTimeMs: 0, leadTimeMs: DAY });
  });

  it('M7 age: now − startedAt for wip cards only', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'backlog'),
      ev.moved('a', '03-10T12:00', 'review'),
      ev.created('b', '03-02T09:00', 'backlog'),
    ]);
    expect(cardOf(r, 'a').ageMs).toBe(10 * DAY);
    expect(cardOf(r, 'b').ageMs).toBeNull();
  });

  it('M12 active and waiting: active columns not blocked are active, queues and blocked time are waiting', () => {
    const r = report([
      ev.created('a', '03-02T00:00', 'ready'), // 1 day waiting in a queue
      ev.moved('a', '03-03T00:00', 'doing'), // 2 days in an active column, 12 hours of them blocked
      ev.blocked('a', '03-03T12:00', 'vendor'),
      ev.unblocked('a', '03-04T00:00'),
      ev.moved('a', '03-05T00:00', 'review'), // 1 day waiting, blocked for 6 hours
      ev.blocked('a', '03-05T06:00', 'reviewer away', 'non-utilized-talent'),
      ev.unblocked('a', '03-05T12:00'),
      ev.moved('a', '03-06T00:00', 'done'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({
      cycleTimeMs: 4 * DAY,
      activeMs: 1.5 * DAY,
      waitingMs: 2.5 * DAY,
      blockedMs: 18 * HOUR,
    });
  });

  it("M12 active and waiting: a wip card's window runs to now", () => {
    const r = report([ev.created('a', '03-19T12:00', 'doing')]);
    expect(cardOf(r, 'a')).toMatchObject({ ageMs: DAY, activeMs: DAY, waitingMs: 0, blockedMs: 0 });
  });

  it("M12 active and waiting: a discarded card's window ends when it was archived", () => {
    const r = report([
      ev.created('a', '03-02T00:00', 'doing'),
      ev.moved('a', '03-03T00:00', 'review'),
      ev.archived('a', '03-04T00:00'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({ status: 'discarded', activeMs: DAY, waitingMs: DAY, blockedMs: 0 });
  });

  it('M12 active and waiting: null for cards never started, or whose start was discarded', () => {
    const r = report([
      ev.created('a', '03-02T00:00', 'backlog'),
      ev.created('b', '03-02T00:00', 'doing'),
      ev.moved('b', '03-03T00:00', 'backlog'),
    ]);
    for (const id of ['a', 'b']) {
      expect(cardOf(r, id)).toMatchObject({ activeMs: null, waitingMs: null, blockedMs: null });
    }
  });

  it("M12 active and waiting: a reopened card's window includes its time in done, as waiting", () => {
    const r = report([
      ev.created('a', '03-02T00:00', 'doing'),
      ev.moved('a', '03-03T00:00', 'done'),
      ev.moved('a', '03-05T00:00', 'doing'),
      ev.moved('a', '03-06T00:00', 'done'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({ cycleTimeMs: 4 * DAY, activeMs: 2 * DAY, waitingMs: 2 * DAY });
  });

  it('M12 active and waiting: blocked before the start does not count as blocked in the window', () => {
    const r = report([
      ev.created('a', '03-02T00:00', 'backlog'),
      ev.blocked('a', '03-02T00:00', 'unclear scope'),
      ev.moved('a', '03-03T00:00', 'doing'),
      ev.unblocked('a', '03-03T06:00'),
      ev.moved('a', '03-04T00:00', 'done'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({ activeMs: 18 * HOUR, waitingMs: 6 * HOUR, blockedMs: 6 * HOUR });
  });
});
