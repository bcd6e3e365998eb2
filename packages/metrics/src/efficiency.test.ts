import { describe, expect, it } from 'vitest';
import { cardFlowEfficiency, flowEfficiency } from './efficiency.ts';
import { computeReport } from './report.ts';
import { DAY, cardOf, ev, makeLog, ms } from './test-helpers.ts';

describe('flow efficiency', () => {
  // Reference: started 01-01, evaluated to 01-07, blocked 01-02→01-03 and 01-04→01-06: 3 days active of 6.
  const events = [
    ev.created('a', '01-01T00:00', 'doing'),
    ev.blocked('a', '01-02T00:00', 'vendor'),
    ev.unblocked('a', '01-03T00:00'),
    ev.blocked('a', '01-04T00:00', 'vendor'),
    ev.unblocked('a', '01-06T00:00'),
  ];

  it('M13 flow efficiency: per card, active ÷ window (reference: 3 days active of 6)', () => {
    const card = cardOf(computeReport(makeLog(events), { now: ms('01-07T00:00') }), 'a');
    expect(card).toMatchObject({ activeMs: 3 * DAY, waitingMs: 3 * DAY, blockedMs: 3 * DAY });
    expect(cardFlowEfficiency(card)).toBe(0.5);
  });

  it('M13 flow efficiency: for a period, Σ active ÷ Σ cycle time of the cards finished in it', () => {
    const log = makeLog([
      ...events,
      ev.moved('a', '01-07T00:00', 'done'),
      ev.created('b', '01-05T00:00', 'doing'),
      ev.moved('b', '01-07T00:00', 'done'),
      ev.created('c', '01-01T00:00', 'doing'), // still in progress: not counted
    ]);
    const r = computeReport(log, { now: ms('01-08T00:00') });
    expect(r.flowEfficiency).toBe((3 + 2) / (6 + 2));
    expect(computeReport(log, { now: ms('01-08T00:00'), from: '2026-01-08' }).flowEfficiency).toBeNull();
  });

  it('M13 flow efficiency: none when the cycle times add up to 0', () => {
    expect(flowEfficiency([{ activeMs: 0, cycleTimeMs: 0 }])).toBeNull();
    expect(flowEfficiency([])).toBeNull();
    expect(cardFlowEfficiency({ activeMs: 0, waitingMs: 0 })).toBeNull();
    expect(cardFlowEfficiency({ activeMs: null, waitingMs: null })).toBeNull();
  });
});
