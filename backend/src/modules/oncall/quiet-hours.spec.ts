import { type QuietWindow, QuietHoursSchema, type Severity } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { quietUntil, quietUntilBySeverity, quietUntilText, teamTimeZone } from './quiet-hours.js';

const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';

/** Windows as the API takes them (defaults filled in by the schema, as stored). */
const windows = (...raw: object[]): QuietWindow[] => QuietHoursSchema.parse(raw);

const night = windows({ start: '22:00', end: '07:00' });
const allSeverities = windows({
  start: '22:00',
  end: '07:00',
  severities: ['blue', 'yellow', 'orange'],
});
// 2026-11-06 is a Friday, 2026-11-08 a Sunday, 2026-11-09 a Monday.
const fridayNight = windows({ days: [5], start: '22:00', end: '06:00' });
const sundayNight = windows({ days: [7], start: '22:00', end: '06:00' });
const backToBack = windows({ start: '22:00', end: '00:00' }, { start: '00:00', end: '07:00' });
const overlapping = windows({ start: '22:00', end: '02:00' }, { start: '01:00', end: '07:00' });
const gapOfAMinute = windows({ start: '22:00', end: '00:00' }, { start: '00:01', end: '07:00' });
const acrossDays = windows(
  { days: [5], start: '18:00', end: '00:00' },
  { days: [6], start: '00:00', end: '12:00' },
);
const weekend = windows(
  { days: [6, 7], start: '00:00', end: '12:00' },
  { days: [6, 7], start: '12:00', end: '00:00' },
);
const bluePlusMorning = windows(
  { start: '22:00', end: '07:00', severities: ['blue'] },
  { start: '07:00', end: '09:00', severities: ['blue', 'yellow'] },
);
const springGap = windows({ start: '02:30', end: '03:00' }, { start: '02:00', end: '02:30' });

describe('quietUntil', () => {
  it.each<[string, QuietWindow[], Severity, string, string, string | null]>([
    // [case, windows, severity, at, zone, quiet until (null: page now)]
    ['no windows', [], 'yellow', '2026-11-03T23:30:00+08:00', SHANGHAI, null],
    [
      'overnight, before midnight',
      night,
      'yellow',
      '2026-11-03T23:30:00+08:00',
      SHANGHAI,
      '2026-11-04T07:00:00+08:00',
    ],
    [
      'overnight, after midnight',
      night,
      'blue',
      '2026-11-04T03:00:00+08:00',
      SHANGHAI,
      '2026-11-04T07:00:00+08:00',
    ],
    [
      'at the start (inclusive)',
      night,
      'yellow',
      '2026-11-03T22:00:00+08:00',
      SHANGHAI,
      '2026-11-04T07:00:00+08:00',
    ],
    ['just before the start', night, 'yellow', '2026-11-03T21:59:59.999+08:00', SHANGHAI, null],
    [
      'just before the end',
      night,
      'yellow',
      '2026-11-04T06:59:59.999+08:00',
      SHANGHAI,
      '2026-11-04T07:00:00+08:00',
    ],
    ['at the end (exclusive)', night, 'yellow', '2026-11-04T07:00:00+08:00', SHANGHAI, null],
    ['midday', night, 'yellow', '2026-11-04T12:00:00+08:00', SHANGHAI, null],
    ['orange, not held by default', night, 'orange', '2026-11-03T23:30:00+08:00', SHANGHAI, null],
    [
      'orange, held when listed',
      allSeverities,
      'orange',
      '2026-11-03T23:30:00+08:00',
      SHANGHAI,
      '2026-11-04T07:00:00+08:00',
    ],
    ['red, never held', allSeverities, 'red', '2026-11-03T23:30:00+08:00', SHANGHAI, null],
    [
      'red, never held (stored data naming red)',
      [{ start: '22:00', end: '07:00', severities: ['red' as never] }],
      'red',
      '2026-11-03T23:30:00+08:00',
      SHANGHAI,
      null,
    ],
    // The day filter applies to the day a window starts on.
    [
      'Friday night, on Friday',
      fridayNight,
      'yellow',
      '2026-11-06T23:00:00+08:00',
      SHANGHAI,
      '2026-11-07T06:00:00+08:00',
    ],
    [
      'Friday night, on Saturday morning',
      fridayNight,
      'yellow',
      '2026-11-07T03:00:00+08:00',
      SHANGHAI,
      '2026-11-07T06:00:00+08:00',
    ],
    [
      'Friday night, Friday early morning (Thursday night is not quiet)',
      fridayNight,
      'yellow',
      '2026-11-06T03:00:00+08:00',
      SHANGHAI,
      null,
    ],
    [
      'Friday night, Saturday night',
      fridayNight,
      'yellow',
      '2026-11-07T23:00:00+08:00',
      SHANGHAI,
      null,
    ],
    [
      'Sunday night into Monday (week boundary)',
      sundayNight,
      'blue',
      '2026-11-08T23:00:00+08:00',
      SHANGHAI,
      '2026-11-09T06:00:00+08:00',
    ],
    [
      'Sunday night, Monday 01:00',
      sundayNight,
      'blue',
      '2026-11-09T01:00:00+08:00',
      SHANGHAI,
      '2026-11-09T06:00:00+08:00',
    ],
    [
      'Sunday night, Monday 23:00',
      sundayNight,
      'blue',
      '2026-11-09T23:00:00+08:00',
      SHANGHAI,
      null,
    ],
    // Windows that touch or overlap make one quiet period.
    [
      'back to back at midnight',
      backToBack,
      'yellow',
      '2026-11-03T23:00:00+08:00',
      SHANGHAI,
      '2026-11-04T07:00:00+08:00',
    ],
    [
      'overlapping',
      overlapping,
      'yellow',
      '2026-11-03T23:00:00+08:00',
      SHANGHAI,
      '2026-11-04T07:00:00+08:00',
    ],
    [
      'a minute apart: two periods',
      gapOfAMinute,
      'yellow',
      '2026-11-03T23:00:00+08:00',
      SHANGHAI,
      '2026-11-04T00:00:00+08:00',
    ],
    ['in the minute between', gapOfAMinute, 'yellow', '2026-11-04T00:00:30+08:00', SHANGHAI, null],
    [
      'Friday evening into Saturday noon (two day filters)',
      acrossDays,
      'yellow',
      '2026-11-06T20:00:00+08:00',
      SHANGHAI,
      '2026-11-07T12:00:00+08:00',
    ],
    [
      'the whole weekend',
      weekend,
      'yellow',
      '2026-11-07T10:00:00+08:00',
      SHANGHAI,
      '2026-11-09T00:00:00+08:00',
    ],
    ['the weekend is over', weekend, 'yellow', '2026-11-09T00:00:00+08:00', SHANGHAI, null],
    // Each severity has its own windows; only those holding it are merged.
    [
      'blue: night and morning merged',
      bluePlusMorning,
      'blue',
      '2026-11-03T23:00:00+08:00',
      SHANGHAI,
      '2026-11-04T09:00:00+08:00',
    ],
    [
      'yellow: not held at night',
      bluePlusMorning,
      'yellow',
      '2026-11-03T23:00:00+08:00',
      SHANGHAI,
      null,
    ],
    [
      'yellow: held in the morning',
      bluePlusMorning,
      'yellow',
      '2026-11-04T08:00:00+08:00',
      SHANGHAI,
      '2026-11-04T09:00:00+08:00',
    ],
    // Europe/Berlin: local wall-clock times with the zone's own offsets, not a fixed one.
    [
      'Berlin, winter (+01:00)',
      night,
      'yellow',
      '2026-01-15T23:30:00+01:00',
      BERLIN,
      '2026-01-16T07:00:00+01:00',
    ],
    [
      'Berlin, summer (+02:00)',
      night,
      'yellow',
      '2026-07-01T23:30:00+02:00',
      BERLIN,
      '2026-07-02T07:00:00+02:00',
    ],
    [
      'Berlin, the night clocks go back (10 h)',
      night,
      'yellow',
      '2026-10-24T23:00:00+02:00',
      BERLIN,
      '2026-10-25T07:00:00+01:00',
    ],
    [
      'Berlin, 06:30 CET after the change (still quiet)',
      night,
      'yellow',
      '2026-10-25T06:30:00+01:00',
      BERLIN,
      '2026-10-25T07:00:00+01:00',
    ],
    [
      'Berlin, the night clocks go forward (8 h)',
      night,
      'yellow',
      '2026-03-28T23:00:00+01:00',
      BERLIN,
      '2026-03-29T07:00:00+02:00',
    ],
    [
      'Berlin, 07:30 CEST after the change',
      night,
      'yellow',
      '2026-03-29T07:30:00+02:00',
      BERLIN,
      null,
    ],
    // 02:00–02:30 does not exist on the spring day: moved forward by the gap (03:00–03:30 CEST),
    // as handoffs are; 02:30–03:00 comes out empty.
    [
      'Berlin, a window in the spring gap',
      springGap,
      'yellow',
      '2026-03-29T03:15:00+02:00',
      BERLIN,
      '2026-03-29T03:30:00+02:00',
    ],
    [
      'Berlin, before the moved window',
      springGap,
      'yellow',
      '2026-03-29T01:59:00+01:00',
      BERLIN,
      null,
    ],
    [
      'Berlin, the same windows a day later',
      springGap,
      'yellow',
      '2026-03-30T02:15:00+02:00',
      BERLIN,
      '2026-03-30T03:00:00+02:00',
    ],
    [
      'the same instant in Shanghai is not quiet',
      night,
      'yellow',
      '2026-10-25T06:30:00+01:00',
      SHANGHAI,
      null,
    ],
  ])('%s', (_name, w, severity, at, zone, expected) => {
    const until = quietUntil(w, severity, new Date(at), zone);
    expect(until?.toISOString() ?? null).toBe(expected && new Date(expected).toISOString());
  });
});

describe('quietUntilBySeverity', () => {
  it('answers each severity quiet hours may hold', () => {
    expect(quietUntilBySeverity(night, new Date('2026-11-03T23:30:00+08:00'), SHANGHAI)).toEqual({
      blue: '2026-11-03T23:00:00.000Z',
      yellow: '2026-11-03T23:00:00.000Z',
      orange: null,
    });
    expect(quietUntilBySeverity(night, new Date('2026-11-03T12:00:00+08:00'), SHANGHAI)).toEqual({
      blue: null,
      yellow: null,
      orange: null,
    });
  });
});

describe('quietUntilText', () => {
  it.each([
    ['2026-11-03T23:30:00+08:00', '2026-11-04T07:00:00+08:00', SHANGHAI, '07:00'],
    ['2026-11-07T10:00:00+08:00', '2026-11-09T00:00:00+08:00', SHANGHAI, '2026-11-09 00:00'],
    ['2026-10-24T23:00:00+02:00', '2026-10-25T07:00:00+01:00', BERLIN, '07:00'],
  ])('at %s, until %s (%s): %s', (at, until, zone, text) => {
    expect(quietUntilText(new Date(until), new Date(at), zone)).toBe(text);
  });
});

describe('teamTimeZone', () => {
  const s = (id: string, team_id: string, time_zone: string) => ({ id, team_id, time_zone });
  it("is the zone of the team's first schedule by id, else Asia/Shanghai", () => {
    const schedules = [s('b-night', 'a', BERLIN), s('a-day', 'a', 'UTC'), s('x', 'b', BERLIN)];
    expect(teamTimeZone(schedules, 'a')).toBe('UTC');
    expect(teamTimeZone(schedules, 'b')).toBe(BERLIN);
    expect(teamTimeZone(schedules, 'c')).toBe(SHANGHAI);
  });
});
