import { describe, expect, it } from 'vitest';
import { CardEventTable } from './card-events.ts';
import { replayCard } from './card-history.ts';
import { computeReport } from './report.ts';
import { DAY, HOUR, cardOf, counts, ev, makeLog, ms, t } from './test-helpers.ts';
import { compileFlow } from './workflow.ts';

const NOW = ms('03-20T12:00');
const report = (events: Parameters<typeof makeLog>[0], now = NOW) => computeReport(makeLog(events), { now });

describe('card history', () => {
  it('M1 status: backlog before the commitment point, wip up to the delivery point, done from it', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'backlog'),
      ev.created('b', '03-02T09:00', 'ready'),
      ev.created('c', '03-02T09:00', 'review'),
      ev.created('d', '03-02T09:00', 'done'),
    ]);
    expect(r.cards.map((c) => [c.id, c.status, c.column])).toEqual([
      ['a', 'backlog', 'backlog'],
      ['b', 'wip', 'ready'],
      ['c', 'wip', 'review'],
      ['d', 'done', 'done'],
    ]);
  });

  it('M1 status: archived while wip is discarded (out of WIP, never delivered); while backlog, archived', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'doing'),
      ev.archived('a', '03-04T09:00'),
      ev.created('b', '03-02T09:00', 'backlog'),
      ev.archived('b', '03-04T09:00'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({ status: 'discarded', column: 'doing', finishedAt: null, cycleTimeMs: null });
    expect(cardOf(r, 'b')).toMatchObject({ status: 'archived', column: 'backlog', startedAt: null });
    expect(counts(r.wip).slice(0, 4)).toEqual([1, 1, 0, 0]);
    expect(counts(r.throughput).every((n) => n === 0)).toBe(true);
    expect(r.cfd[3]?.counts).toEqual({ backlog: 0, ready: 0, doing: 0, review: 0, done: 0 });
  });

  it('M1 status: archived while done stays done, delivered and in the CFD', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'doing'),
      ev.moved('a', '03-03T09:00', 'done'),
      ev.archived('a', '03-04T09:00'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({ status: 'done', finishedAt: t('03-03T09:00').replace('Z', '.000Z') });
    expect(counts(r.throughput).slice(0, 3)).toEqual([0, 1, 0]);
    expect(r.cfd.at(-1)?.counts.done).toBe(1);
  });

  it('M2 deleted: a deleted card is in no metric and does not start the default period', () => {
    const r = report([
      ev.created('gone', '03-01T09:00', 'doing'),
      ev.blocked('gone', '03-01T10:00', 'vendor'),
      ev.moved('gone', '03-03T09:00', 'done'),
      ev.deleted('gone', '03-05T09:00'),
      ev.created('kept', '03-02T09:00', 'backlog'),
    ]);
    expect(r.period.from).toBe('2026-03-02');
    expect(r.cards.map((c) => c.id)).toEqual(['kept']);
    expect(counts(r.throughput).every((n) => n === 0)).toBe(true);
    expect(counts(r.wip).every((n) => n === 0)).toBe(true);
    expect(r.blockedByReason).toEqual([]);
    expect(r.cfd[1]?.counts).toEqual({ backlog: 1, ready: 0, doing: 0, review: 0, done: 0 });
  });

  it('M2 deleted: events after the deletion do not bring the card back', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'doing'),
      ev.deleted('a', '03-03T09:00'),
      ev.moved('a', '03-04T09:00', 'done'),
    ]);
    expect(r.cards).toEqual([]);
  });

  it('M3 startedAt: the first entry into the started zone, kept by moves inside it', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'backlog'),
      ev.moved('a', '03-03T09:00', 'ready'),
      ev.moved('a', '03-04T09:00', 'doing'),
      ev.moved('a', '03-05T09:00', 'review'),
      ev.moved('a', '03-06T09:00', 'doing'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({ status: 'wip', startedAt: '2026-03-03T09:00:00.000Z' });
  });

  it('M3 startedAt: moving back before the commitment point discards the start', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'backlog'),
      ev.moved('a', '03-03T09:00', 'doing'),
      ev.moved('a', '03-04T09:00', 'backlog'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({ status: 'backlog', startedAt: null, ageMs: null, activeMs: null });
  });

  it('M3 startedAt: the next entry after a move back re-stamps it', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'backlog'),
      ev.moved('a', '03-03T09:00', 'doing'),
      ev.moved('a', '03-04T09:00', 'backlog'),
      ev.moved('a', '03-06T09:00', 'review'),
      ev.moved('a', '03-07T09:00', 'done'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({ startedAt: '2026-03-06T09:00:00.000Z', cycleTimeMs: DAY });
  });

  it('M3 startedAt: a card created in the started zone started when it was created', () => {
    const r = report([ev.created('a', '03-02T09:00', 'review')]);
    expect(cardOf(r, 'a').startedAt).toBe('2026-03-02T09:00:00.000Z');
  });

  it('M3 startedAt: skipping columns (backlog straight to review) starts the card on that move', () => {
    const r = report([ev.created('a', '03-02T09:00', 'backlog'), ev.moved('a', '03-04T09:00', 'review')]);
    expect(cardOf(r, 'a')).toMatchObject({ status: 'wip', startedAt: '2026-03-04T09:00:00.000Z' });
  });

  it('M4 finishedAt: a reopened card is wip again with no finishedAt, and keeps its start', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'doing'),
      ev.moved('a', '03-03T09:00', 'done'),
      ev.moved('a', '03-04T09:00', 'doing'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({
      status: 'wip',
      startedAt: '2026-03-02T09:00:00.000Z',
      finishedAt: null,
      cycleTimeMs: null,
      ageMs: NOW - ms('03-02T09:00'),
    });
    expect(counts(r.throughput).every((n) => n === 0)).toBe(true);
  });

  it('M4 finishedAt: a reopened card that finishes again takes its last finish', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'doing'),
      ev.moved('a', '03-03T09:00', 'done'),
      ev.moved('a', '03-04T09:00', 'review'),
      ev.moved('a', '03-05T09:00', 'done'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({ finishedAt: '2026-03-05T09:00:00.000Z', cycleTimeMs: 3 * DAY });
    expect(counts(r.throughput).slice(0, 4)).toEqual([0, 0, 0, 1]);
  });

  it('M4 finishedAt: a card created directly in done finished when it was created', () => {
    const r = report([ev.created('a', '03-02T09:00', 'done')]);
    expect(cardOf(r, 'a')).toMatchObject({
      status: 'done',
      createdAt: '2026-03-02T09:00:00.000Z',
      startedAt: '2026-03-02T09:00:00.000Z',
      finishedAt: '2026-03-02T09:00:00.000Z',
    });
  });

  it('F4 order: events are applied by time, equal timestamps in file order', () => {
    const inFileOrder = report([
      ev.created('a', '03-02T09:00', 'backlog'),
      ev.moved('a', '03-03T09:00', 'doing'),
      ev.moved('a', '03-03T09:00', 'backlog'),
    ]);
    expect(cardOf(inFileOrder, 'a')).toMatchObject({ status: 'backlog', startedAt: null });
    const swapped = report([
      ev.created('a', '03-02T09:00', 'backlog'),
      ev.moved('a', '03-03T09:00', 'backlog'),
      ev.moved('a', '03-03T09:00', 'doing'),
    ]);
    expect(cardOf(swapped, 'a')).toMatchObject({ status: 'wip', startedAt: '2026-03-03T09:00:00.000Z' });
    const outOfOrder = report([
      ev.moved('a', '03-05T09:00', 'done'),
      ev.created('a', '03-02T09:00', 'backlog'),
      ev.moved('a', '03-03T09:00', 'doing'),
    ]);
    expect(cardOf(outOfOrder, 'a')).toMatchObject({ status: 'done', cycleTimeMs: 2 * DAY, leadTimeMs: 3 * DAY });
  });

  it('F4 order: a card moved in and out of progress in the same instant is never counted in WIP', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'backlog'),
      ev.moved('a', '03-02T23:59', 'doing'),
      ev.moved('a', '03-02T23:59', 'backlog'),
    ]);
    expect(counts(r.wip)[0]).toBe(0);
  });

  it("F6 truncated history: a card with no created event starts in the first event's from column", () => {
    const r = report([ev.moved('a', '03-03T09:00', 'review', 'doing'), ev.moved('a', '03-04T09:00', 'done')]);
    expect(cardOf(r, 'a')).toMatchObject({
      createdAt: '2026-03-03T09:00:00.000Z',
      startedAt: '2026-03-03T09:00:00.000Z',
      cycleTimeMs: DAY,
      leadTimeMs: DAY,
    });
  });

  it('F6 truncated history: without from, the card is created in the to column; earlier blockers still hold', () => {
    const r = report([
      ev.blocked('a', '03-02T09:00', 'vendor'),
      ev.archived('a', '03-02T10:00'),
      ev.moved('a', '03-03T09:00', 'doing'),
      ev.unblocked('a', '03-03T15:00'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({
      status: 'wip',
      column: 'doing',
      createdAt: '2026-03-03T09:00:00.000Z',
      blockedMs: 6 * HOUR,
    });
  });

  it('F6 truncated history: a card no event places in a column does not exist', () => {
    const r = report([ev.blocked('a', '03-02T09:00', 'vendor'), ev.created('b', '03-02T09:00', 'backlog')]);
    expect(r.cards.map((c) => c.id)).toEqual(['b']);
  });

  it('F10 now: events after now are ignored, and cards created after it do not exist yet', () => {
    const r = report(
      [
        ev.created('a', '03-02T09:00', 'doing'),
        ev.moved('a', '03-05T09:00', 'done'),
        ev.created('b', '03-05T09:00', 'backlog'),
      ],
      ms('03-04T09:00'),
    );
    expect(r.cards.map((c) => [c.id, c.status, c.ageMs])).toEqual([['a', 'wip', 2 * DAY]]);
  });

  it('F10 now: moving an archived card restores it to the board', () => {
    const r = report([
      ev.created('a', '03-02T09:00', 'doing'),
      ev.archived('a', '03-03T09:00'),
      ev.moved('a', '03-04T09:00', 'done'),
    ]);
    expect(cardOf(r, 'a')).toMatchObject({
      status: 'done',
      startedAt: '2026-03-02T09:00:00.000Z',
      cycleTimeMs: 2 * DAY,
    });
  });

  it("M1 status: replayCard returns the segments of a card's life, the last one open", () => {
    const log = makeLog([ev.created('a', '03-02T09:00', 'backlog'), ev.moved('a', '03-03T09:00', 'doing')]);
    const flow = compileFlow(log.workflow);
    const history = replayCard(new CardEventTable(log.events, flow, NOW), 0, flow);
    expect(history?.segments).toEqual([
      { start: ms('03-02T09:00'), end: ms('03-03T09:00'), column: 0, status: 'backlog', blocker: null },
      { start: ms('03-03T09:00'), end: Infinity, column: 2, status: 'wip', blocker: null },
    ]);
  });
});
