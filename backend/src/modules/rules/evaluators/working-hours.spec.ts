import { describe, expect, it } from 'vitest';
import { offsetMs } from '../../../infra/zoned-time.js';
import { addWorkingHours, workingHoursBetween } from './working-hours.js';

/*
 * Working hours: 09:00 to 17:00, Monday to Friday, Asia/Shanghai (UTC+8, no daylight saving).
 * 2026-11-23 is a Monday. Times are written in Beijing time.
 */
const bj = (local: string) => Date.parse(`${local}+08:00`);
const show = (ms: number) =>
  new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('addWorkingHours (09:00–17:00 Mon–Fri, Asia/Shanghai)', () => {
  it.each([
    // [reported (local), working hours, due (local)]
    ['2026-11-23T10:00', 4, '2026-11-23 14:00', 'inside one working day'],
    ['2026-11-23T13:00', 4, '2026-11-23 17:00', 'ending exactly at the close of the day'],
    ['2026-11-23T16:00', 4, '2026-11-24 12:00', 'carrying the rest over to the next morning'],
    ['2026-11-23T07:30', 4, '2026-11-23 13:00', 'before opening: the clock starts at 09:00'],
    ['2026-11-23T09:00', 8, '2026-11-23 17:00', 'a full working day'],
    ['2026-11-23T18:30', 4, '2026-11-24 13:00', 'after hours: starts the next morning'],
    ['2026-11-23T23:59', 1, '2026-11-24 10:00', 'a minute before midnight'],
    ['2026-11-24T00:00', 1, '2026-11-24 10:00', 'at local midnight (16:00 UTC the day before)'],
    ['2026-11-27T16:00', 4, '2026-11-30 12:00', 'Friday afternoon to Monday'],
    ['2026-11-27T17:00', 4, '2026-11-30 13:00', 'Friday at closing time'],
    ['2026-11-28T10:00', 4, '2026-11-30 13:00', 'reported on Saturday'],
    ['2026-11-29T23:00', 4, '2026-11-30 13:00', 'reported late on Sunday'],
    ['2026-11-23T10:00', 24, '2026-11-26 10:00', 'three working days'],
    ['2026-11-25T15:00', 24, '2026-11-30 15:00', 'several days across a weekend'],
    ['2026-11-23T10:00', 40, '2026-11-30 10:00', 'a working week'],
    ['2026-11-23T10:00', 0.5, '2026-11-23 10:30', 'fractions of an hour'],
    ['2026-11-23T16:45', 0.5, '2026-11-24 09:15', 'a fraction across the night'],
    ['2026-11-28T10:00', 0, '2026-11-28 10:00', 'zero hours: the start itself'],
  ])('%s + %s h → %s (%s)', (start, hours, due, _name) => {
    expect(show(addWorkingHours(bj(start), hours))).toBe(due);
  });

  it('skips holidays and counts make-up working days (调休)', () => {
    const calendar = {
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      workdays: ['2026-10-10'], // a Saturday worked instead
    };
    // Wednesday 30 September, 16:00: one hour that day, then the holiday week, then Saturday 10 October.
    expect(show(addWorkingHours(bj('2026-09-30T16:00'), 4, calendar))).toBe('2026-10-08 12:00');
    expect(show(addWorkingHours(bj('2026-10-09T16:00'), 4, calendar))).toBe('2026-10-10 12:00');
    expect(show(addWorkingHours(bj('2026-10-09T16:00'), 4))).toBe('2026-10-12 12:00');
  });

  it('takes another working day and zone', () => {
    const shifts = { start: '08:00', end: '20:00', days: [1, 2, 3, 4, 5, 6, 7] };
    expect(show(addWorkingHours(bj('2026-11-28T19:00'), 2, shifts))).toBe('2026-11-29 09:00');
    // UTC working day, shown in Beijing time: 09:00 UTC is 17:00 in Beijing.
    expect(show(addWorkingHours(Date.parse('2026-11-23T08:00Z'), 1, { timezone: 'UTC' }))).toBe(
      '2026-11-23 18:00',
    );
  });

  it('is the inverse of workingHoursBetween', () => {
    for (const start of [
      '2026-11-23T07:00',
      '2026-11-24T16:30',
      '2026-11-27T12:00',
      '2026-11-29T09:00',
    ]) {
      for (const hours of [0.25, 1, 4, 5, 8, 13, 24, 72]) {
        const due = addWorkingHours(bj(start), hours);
        expect(workingHoursBetween(bj(start), due)).toBeCloseTo(hours, 9);
      }
    }
  });

  it('refuses negative hours and a calendar without working days', () => {
    expect(() => addWorkingHours(bj('2026-11-23T10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingHours(bj('2026-11-23T10:00'), 1, { days: [] })).toThrow(RangeError);
  });
});

describe('workingHoursBetween', () => {
  it.each([
    ['2026-11-23T10:00', '2026-11-23T12:00', 2],
    ['2026-11-23T16:00', '2026-11-24T10:00', 2],
    ['2026-11-27T16:00', '2026-11-30T10:00', 2],
    ['2026-11-28T10:00', '2026-11-29T10:00', 0],
    ['2026-11-23T12:00', '2026-11-23T10:00', 0],
  ])('%s → %s: %s h', (from, to, hours) => {
    expect(workingHoursBetween(bj(from), bj(to))).toBe(hours);
  });
});

describe('offsetMs', () => {
  it('reads a zone’s offset', () => {
    expect(offsetMs('Asia/Shanghai', bj('2026-07-01T12:00'))).toBe(8 * 3_600_000);
    expect(offsetMs('UTC', bj('2026-07-01T12:00'))).toBe(0);
    expect(offsetMs('America/St_Johns', Date.parse('2026-01-15T12:00Z'))).toBe(-3.5 * 3_600_000);
  });
});
