import { describe, expect, it } from 'vitest';
import { fromWorking, toWorking, WORKDAY } from './working-time.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('working time', () => {
  it('maps working hours there and back', () => {
    for (const t of ['2026-03-02T09:00:00.000Z', '2026-03-04T14:23:05.123Z', '2026-03-06T16:59:59.999Z']) {
      expect(iso(fromWorking(toWorking(at(t))))).toBe(t);
    }
  });

  it('counts a working day as eight hours and skips the weekend', () => {
    const friday = toWorking(at('2026-03-06T10:00:00.000Z'));
    expect(toWorking(at('2026-03-09T10:00:00.000Z')) - friday).toBe(WORKDAY);
    expect(iso(fromWorking(friday + WORKDAY))).toBe('2026-03-09T10:00:00.000Z');
  });

  it('maps off hours to the working moment before them', () => {
    const closing = toWorking(at('2026-03-06T17:00:00.000Z'));
    expect(toWorking(at('2026-03-06T21:00:00.000Z'))).toBe(closing);
    expect(toWorking(at('2026-03-08T12:00:00.000Z'))).toBe(closing);
    expect(toWorking(at('2026-03-09T07:00:00.000Z'))).toBe(closing);
    expect(iso(fromWorking(closing - 1))).toBe('2026-03-06T16:59:59.999Z');
  });
});
