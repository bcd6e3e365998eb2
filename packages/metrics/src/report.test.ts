import { describe, expect, it } from 'vitest';
import { computeReport } from './report.ts';
import { DAY, ev, makeLog, ms } from './test-helpers.ts';

const LOG = makeLog([
  ev.created('c1', '03-02T09:00', 'backlog'),
  ev.moved('c1', '03-03T09:00', 'doing'),
  ev.moved('c1', '03-05T09:00', 'done'),
  ev.created('c2', '03-04T09:00', 'doing'),
  ev.moved('c2', '03-08T09:00', 'done'),
  ev.created('c3', '03-06T09:00', 'review'),
]);

describe('report', () => {
  it('has exactly the documented shape, with nulls where values do not exist', () => {
    const r = computeReport(LOG, { now: ms('03-09T09:00') });
    expect(Object.keys(r)).toEqual([
      'period',
      'cards',
      'throughput',
      'wip',
      'cfd',
      'cycleTime',
      'flowEfficiency',
      'activeByColumn',
      'waitingByColumn',
      'blockedByReason',
    ]);
    expect(r.period).toEqual({
      from: '2026-03-02',
      to: '2026-03-09',
      timeZone: 'UTC',
      now: '2026-03-09T09:00:00.000Z',
    });
    expect(r.cards[2]).toEqual({
      id: 'c3',
      status: 'wip',
      column: 'review',
      createdAt: '2026-03-06T09:00:00.000Z',
      startedAt: '2026-03-06T09:00:00.000Z',
      finishedAt: null,
      cycleTimeMs: null,
      leadTimeMs: null,
      ageMs: 3 * DAY,
      activeMs: 0,
      waitingMs: 3 * DAY,
      blockedMs: 0,
    });
    expect(r.cycleTime).toEqual({ count: 2, meanMs: 3 * DAY, p50Ms: 2 * DAY, p85Ms: 4 * DAY, p95Ms: 4 * DAY });
    expect(r.flowEfficiency).toBe(1);
    expect(r.cfd[0]).toEqual({ date: '2026-03-02', counts: { backlog: 1, ready: 0, doing: 0, review: 0, done: 0 } });
  });

  it('cycle time and flow efficiency cover only cards finished in the period', () => {
    const r = computeReport(LOG, { now: ms('03-09T09:00'), from: '2026-03-06', to: '2026-03-09' });
    expect(r.cycleTime).toEqual({ count: 1, meanMs: 4 * DAY, p50Ms: 4 * DAY, p85Ms: 4 * DAY, p95Ms: 4 * DAY });
    expect(r.throughput.map((d) => d.count)).toEqual([0, 0, 1, 0]);
    // Cards are listed whatever the period.
    expect(r.cards.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('an empty log reports the day of now, with no values', () => {
    const r = computeReport(makeLog([]), { now: ms('03-09T09:00') });
    expect(r.period.from).toBe('2026-03-09');
    expect(r.cards).toEqual([]);
    expect(r.cycleTime.meanMs).toBeNull();
    expect(r.flowEfficiency).toBeNull();
    expect(r.wip).toEqual([{ date: '2026-03-09', count: 0 }]);
  });

  it('rejects a period that ends before it starts, or dates that are not dates', () => {
    expect(() => computeReport(LOG, { now: ms('03-09T09:00'), from: '2026-03-09', to: '2026-03-08' })).toThrow(
      'the period starts (2026-03-09) after it ends (2026-03-08)',
    );
    expect(() => computeReport(LOG, { now: ms('03-09T09:00'), from: '2026-02-30' })).toThrow(RangeError);
  });
});
