import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDate } from './days.ts';
import { computeReport } from './report.ts';
import { HOUR, counts, makeLog, workflowLine } from './test-helpers.ts';
import { dayGrid, dayIndex, startOfDay, zonedDate } from './time-zone.ts';

const hoursOf = (date: string, timeZone: string) =>
  (startOfDay(addDays(date, 1), timeZone) - startOfDay(date, timeZone)) / HOUR;

describe('days', () => {
  it("M8 days: a day starts at 00:00 in the workflow's zone", () => {
    expect(new Date(startOfDay('2026-01-15', 'Europe/Berlin')).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(new Date(startOfDay('2026-07-15', 'Europe/Berlin')).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    expect(new Date(startOfDay('2026-01-15', 'Asia/Kolkata')).toISOString()).toBe('2026-01-14T18:30:00.000Z');
    expect(new Date(startOfDay('2026-01-15', 'UTC')).toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });

  it('M8 days: in Europe/Berlin the last Sunday of March has 23 hours and of October 25', () => {
    expect(hoursOf('2026-03-28', 'Europe/Berlin')).toBe(24);
    expect(hoursOf('2026-03-29', 'Europe/Berlin')).toBe(23);
    expect(hoursOf('2026-10-25', 'Europe/Berlin')).toBe(25);
    expect(hoursOf('2026-10-26', 'Europe/Berlin')).toBe(24);
    expect(hoursOf('2026-03-08', 'America/New_York')).toBe(23);
  });

  it('M8 days: when 00:00 does not exist the day starts as the clock jumps past it', () => {
    // America/Santiago moves from 00:00 −04 to 01:00 −03 on 2026-09-06.
    expect(new Date(startOfDay('2026-09-06', 'America/Santiago')).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(hoursOf('2026-09-06', 'America/Santiago')).toBe(23);
  });

  it('M8 days: the day of an instant is its local date', () => {
    expect(zonedDate(Date.parse('2026-03-28T22:59:59Z'), 'Europe/Berlin')).toBe('2026-03-28');
    expect(zonedDate(Date.parse('2026-03-28T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(zonedDate(Date.parse('2026-10-25T22:59:59Z'), 'Europe/Berlin')).toBe('2026-10-25');
    const grid = dayGrid('2026-10-24', '2026-10-26', 'Europe/Berlin');
    expect(dayIndex(grid, Date.parse('2026-10-25T22:59:59Z'))).toBe(1);
    expect(dayIndex(grid, Date.parse('2026-10-25T23:00:00Z'))).toBe(2);
    expect(dayIndex(grid, Date.parse('2026-10-23T21:59:59Z'))).toBe(-1);
  });

  it('M8 days: throughput and WIP follow local days across the March change', () => {
    const berlin = workflowLine({ timeZone: 'Europe/Berlin' });
    const log = makeLog(
      [
        { type: 'created', card: 'a', at: '2026-03-28T10:00:00Z', column: 'doing' },
        // 23:30 UTC on the 28th is 00:30 on the 29th in Berlin.
        { type: 'moved', card: 'a', at: '2026-03-28T23:30:00Z', to: 'done' },
        { type: 'created', card: 'b', at: '2026-03-29T12:00:00Z', column: 'doing' },
        // 21:59 UTC on the 29th is 23:59 CEST: still the 29th.
        { type: 'moved', card: 'b', at: '2026-03-29T21:59:00Z', to: 'done' },
        { type: 'created', card: 'c', at: '2026-03-29T22:00:00Z', column: 'doing' },
      ],
      berlin,
    );
    const r = computeReport(log, { now: Date.parse('2026-03-30T12:00:00Z') });
    expect(r.period).toEqual({
      from: '2026-03-28',
      to: '2026-03-30',
      timeZone: 'Europe/Berlin',
      now: '2026-03-30T12:00:00.000Z',
    });
    expect(counts(r.throughput)).toEqual([0, 2, 0]);
    expect(counts(r.wip)).toEqual([1, 0, 1]);
  });

  it('M8 days: a day grid starts every day as startOfDay does, in zones that change at or near 00:00', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Australia/Lord_Howe'];
    for (const zone of zones) {
      const grid = dayGrid('2025-12-30', '2027-01-02', zone);
      const expected = [...grid.dates, '2027-01-03'].map((date) => startOfDay(date, zone));
      expect(grid.starts, zone).toEqual(expected);
    }
  });

  it('M8 days: calendar arithmetic on YYYY-MM-DD dates', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2026-3-1')).toBe(false);
  });
});
