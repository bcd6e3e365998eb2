import { describe, expect, it } from 'vitest';
import { computeReport } from './report.ts';
import { DAY, HOUR, ev, makeLog, ms } from './test-helpers.ts';
import type { Line } from './test-helpers.ts';

describe('value stream and blockers', () => {
  it('M14 time by column: wip time per column inside the period, active vs waiting', () => {
    const log = makeLog([
      ev.created('a', '03-01T00:00', 'backlog'), // backlog time is not in progress
      ev.moved('a', '03-02T00:00', 'ready'),
      ev.moved('a', '03-03T00:00', 'doing'),
      ev.blocked('a', '03-03T12:00', 'vendor'),
      ev.unblocked('a', '03-04T00:00'),
      ev.moved('a', '03-05T00:00', 'review'),
      ev.moved('a', '03-06T00:00', 'done'), // done time is not in progress either
    ]);
    const r = computeReport(log, { now: ms('03-10T00:00') });
    expect(r.activeByColumn).toEqual({ backlog: 0, ready: 0, doing: 1.5 * DAY, review: 0, done: 0 });
    expect(r.waitingByColumn).toEqual({ backlog: 0, ready: DAY, doing: 0.5 * DAY, review: DAY, done: 0 });
  });

  it('M14 time by column: only the part inside the period counts, and nothing after now', () => {
    const log = makeLog([ev.created('a', '03-01T12:00', 'doing'), ev.created('b', '03-04T00:00', 'review')]);
    const r = computeReport(log, { now: ms('03-04T06:00'), from: '2026-03-02', to: '2026-03-05' });
    expect(r.activeByColumn.doing).toBe(2 * DAY + 6 * HOUR);
    expect(r.waitingByColumn.review).toBe(6 * HOUR);
  });

  it('M14 time by column: a stretch in progress before a move back to the backlog still counts', () => {
    const log = makeLog([
      ev.created('a', '03-01T00:00', 'doing'),
      ev.moved('a', '03-02T00:00', 'backlog'),
      ev.archived('a', '03-03T00:00'),
    ]);
    const r = computeReport(log, { now: ms('03-04T00:00') });
    expect(r.activeByColumn.doing).toBe(DAY);
  });

  it('M15 blocked time: counts only while the card is wip', () => {
    const log = makeLog([
      ev.created('a', '03-01T00:00', 'backlog'),
      ev.blocked('a', '03-01T00:00', 'unclear scope', 'defects'), // in the backlog: not counted
      ev.moved('a', '03-02T00:00', 'doing'), // counted from here
      ev.moved('a', '03-03T00:00', 'done'), // and not in done
      ev.unblocked('a', '03-05T00:00'),
    ]);
    const r = computeReport(log, { now: ms('03-06T00:00') });
    expect(r.blockedByReason).toEqual([{ reason: 'unclear scope', waste: 'defects', count: 1, ms: DAY }]);
  });

  it('F7 blockers: blocked while blocked ends one interval and starts another; a second unblocked does nothing', () => {
    const log = makeLog([
      ev.created('a', '03-01T00:00', 'doing'),
      ev.blocked('a', '03-01T06:00', 'vendor'),
      ev.blocked('a', '03-01T12:00', 'test env down'),
      ev.blocked('a', '03-01T18:00', 'vendor'),
      ev.unblocked('a', '03-02T00:00'),
      ev.unblocked('a', '03-02T06:00'), // unblocked while unblocked: nothing
    ]);
    const r = computeReport(log, { now: ms('03-03T00:00') });
    expect(r.blockedByReason).toEqual([
      { reason: 'vendor', waste: 'waiting', count: 2, ms: 12 * HOUR },
      { reason: 'test env down', waste: 'waiting', count: 1, ms: 6 * HOUR },
    ]);
  });

  it('M15 blocked time: an interval interrupted by time out of progress is one interval', () => {
    const log = makeLog([
      ev.created('a', '03-01T00:00', 'doing'),
      ev.blocked('a', '03-01T00:00', 'vendor'),
      ev.moved('a', '03-02T00:00', 'backlog'),
      ev.moved('a', '03-03T00:00', 'doing'),
      ev.unblocked('a', '03-04T00:00'),
    ]);
    const r = computeReport(log, { now: ms('03-05T00:00') });
    expect(r.blockedByReason).toEqual([{ reason: 'vendor', waste: 'waiting', count: 1, ms: 2 * DAY }]);
  });

  it('M15 blocked time: clusters are ranked by time (reference: content missing 109 d before backend 87 d)', () => {
    const lines: Line[] = [];
    const blockFor = (card: string, reason: string, days: number) => {
      lines.push(ev.created(card, '01-01T00:00', 'doing'), ev.blocked(card, '01-01T00:00', reason));
      lines.push({ type: 'unblocked', card, at: new Date(ms('01-01T00:00') + days * DAY).toISOString() });
    };
    // Fewer, longer blockers for "content missing": ranking is by time, not by count.
    blockFor('c1', 'content missing', 60);
    blockFor('c2', 'content missing', 49);
    for (const [i, days] of [20, 20, 20, 27].entries()) blockFor(`b${i}`, 'waiting for backend', days);
    const r = computeReport(makeLog(lines), { now: ms('06-01T00:00') });
    expect(r.blockedByReason.map((b) => [b.reason, b.count, b.ms / DAY])).toEqual([
      ['content missing', 2, 109],
      ['waiting for backend', 4, 87],
    ]);
  });

  it('M15 blocked time: only time within the period counts', () => {
    const log = makeLog([ev.created('a', '03-01T00:00', 'doing'), ev.blocked('a', '03-01T12:00', 'vendor', 'motion')]);
    const r = computeReport(log, { now: ms('03-05T00:00'), from: '2026-03-03', to: '2026-03-03' });
    expect(r.blockedByReason).toEqual([{ reason: 'vendor', waste: 'motion', count: 1, ms: DAY }]);
  });
});
