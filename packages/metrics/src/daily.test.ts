import { describe, expect, it } from 'vitest';
import { computeReport } from './report.ts';
import { DAY, HOUR, counts, ev, makeLog, ms } from './test-helpers.ts';

// Reference (Little's law, discrete form): four items, a window that starts and ends empty.
const LITTLE = makeLog([
  ev.created('A', '01-01T09:00', 'ready'),
  ev.created('B', '01-02T10:00', 'ready'),
  ev.created('C', '01-02T12:00', 'ready'),
  ev.moved('B', '01-02T15:00', 'done'),
  ev.moved('A', '01-03T17:00', 'done'),
  ev.created('D', '01-04T08:00', 'ready'),
  ev.moved('C', '01-05T12:00', 'done'),
  ev.moved('D', '01-06T20:00', 'done'),
]);

describe('daily flow', () => {
  it('M9 throughput: cards finished each day, 0 on days with none (reference [0,1,1,0,1,1])', () => {
    const r = computeReport(LITTLE, { now: ms('01-06T23:00') });
    expect(r.throughput.map((d) => d.date)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
      '2026-01-05',
      '2026-01-06',
    ]);
    expect(counts(r.throughput)).toEqual([0, 1, 1, 0, 1, 1]);
  });

  it('M10 WIP: wip cards at the end of each day (reference [1,2,1,2,1,0], Σ 7 = Σ whole-date differences)', () => {
    const r = computeReport(LITTLE, { now: ms('01-06T23:00') });
    expect(counts(r.wip)).toEqual([1, 2, 1, 2, 1, 0]);
    const wholeDateDifferences = 2 + 0 + 3 + 2;
    expect(counts(r.wip).reduce((a, b) => a + b, 0)).toBe(wholeDateDifferences);
  });

  it("M10 WIP: Little's law on the reference: average WIP 1.3403 = 0.6667/day × 2.0104 days", () => {
    const r = computeReport(LITTLE, { now: ms('01-06T23:00') });
    const cardTimeInProgress =
      Object.values(r.activeByColumn).reduce((a, b) => a + b, 0) +
      Object.values(r.waitingByColumn).reduce((a, b) => a + b, 0);
    const averageWip = cardTimeInProgress / (6 * DAY);
    const throughputPerDay = r.cycleTime.count / 6;
    const averageCycleDays = (r.cycleTime.meanMs ?? 0) / DAY;
    expect(cardTimeInProgress).toBe(8 * DAY + HOUR);
    expect(averageWip).toBeCloseTo(1.3403, 4);
    expect(throughputPerDay).toBeCloseTo(0.6667, 4);
    expect(averageCycleDays).toBeCloseTo(2.0104, 4);
    expect(averageWip).toBeCloseTo(throughputPerDay * averageCycleDays, 3);
  });

  it('M10 WIP: an event at exactly 00:00 belongs to the new day', () => {
    const r = computeReport(
      makeLog([
        ev.created('a', '03-01T12:00', 'doing'),
        ev.moved('a', '03-03T00:00', 'done'),
        ev.created('b', '03-02T00:00', 'doing'),
      ]),
      { now: ms('03-03T12:00') },
    );
    expect(counts(r.wip)).toEqual([1, 2, 1]);
    expect(counts(r.throughput)).toEqual([0, 0, 1]);
  });

  it('M10 WIP: the day holding now, and days after it, show the state at now', () => {
    const r = computeReport(makeLog([ev.created('a', '03-01T12:00', 'doing'), ev.moved('a', '03-04T12:00', 'done')]), {
      now: ms('03-02T12:00'),
      to: '2026-03-05',
    });
    expect(counts(r.wip)).toEqual([1, 1, 1, 1, 1]);
    expect(counts(r.throughput)).toEqual([0, 0, 0, 0, 0]);
  });

  it('M11 CFD: reference, four cards over six days in Backlog, Committed, Build, Test, Done', () => {
    const workflow = {
      type: 'workflow',
      columns: ['backlog', 'committed', 'build', 'test', 'done'].map((id) => ({ id, kind: 'queue' })),
      start: 'committed',
      finish: 'done',
    };
    const log = makeLog(
      [
        ev.created('c1', '01-01T09:00', 'backlog'),
        ev.created('c2', '01-02T09:00', 'backlog'),
        ev.created('c3', '01-03T09:00', 'backlog'),
        ev.moved('c1', '01-03T10:00', 'committed'),
        ev.moved('c2', '01-03T11:00', 'committed'),
        ev.created('c4', '01-04T09:00', 'backlog'),
        ev.moved('c3', '01-04T10:00', 'committed'),
        ev.moved('c1', '01-04T11:00', 'build'),
        ev.moved('c1', '01-05T10:00', 'test'),
        ev.moved('c1', '01-06T10:00', 'done'),
      ],
      workflow,
    );
    const r = computeReport(log, { now: ms('01-06T18:00') });
    expect(r.cfd.map((d) => Object.values(d.counts))).toEqual([
      [1, 0, 0, 0, 0],
      [2, 0, 0, 0, 0],
      [3, 2, 0, 0, 0],
      [4, 3, 1, 0, 0],
      [4, 3, 1, 1, 0],
      [4, 3, 1, 1, 1],
    ]);
    expect(r.cfd.map((d) => d.counts.committed! - d.counts.done!)).toEqual(counts(r.wip));
  });

  it('M11 CFD: archived-while-done cards stay counted; discarded and archived cards leave it', () => {
    const r = computeReport(
      makeLog([
        ev.created('done', '03-01T09:00', 'done'),
        ev.archived('done', '03-02T09:00'),
        ev.created('dropped', '03-01T09:00', 'review'),
        ev.archived('dropped', '03-02T09:00'),
        ev.created('shelved', '03-01T09:00', 'backlog'),
        ev.archived('shelved', '03-02T09:00'),
      ]),
      { now: ms('03-02T12:00') },
    );
    expect(r.cfd.map((d) => d.counts)).toEqual([
      { backlog: 3, ready: 2, doing: 2, review: 2, done: 1 },
      { backlog: 1, ready: 1, doing: 1, review: 1, done: 1 },
    ]);
  });
});
