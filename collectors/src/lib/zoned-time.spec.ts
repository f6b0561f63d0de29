import { describe, expect, it } from 'vitest';
import {
  isValidTimeZone,
  parseIsoInZone,
  timeParser,
  zoneOffsetMs,
  zonedTimeToEpoch,
} from './zoned-time.js';

const NY = 'America/New_York';
const local = (year: number, month: number, day: number, hour: number, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
  millisecond: 0,
});

describe('zoned time', () => {
  it('knows the offset of a zone in winter and in summer', () => {
    expect(zoneOffsetMs(Date.parse('2024-01-15T12:00:00Z'), NY)).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2024-07-15T12:00:00Z'), NY)).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2024-07-15T12:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3_600_000);
  });

  it('turns a New York wall-clock time into the instant, in both halves of the year', () => {
    expect(zonedTimeToEpoch(local(2023, 10, 30, 12), NY)).toBe(Date.parse('2023-10-30T16:00:00Z'));
    expect(zonedTimeToEpoch(local(2024, 1, 15, 8), NY)).toBe(Date.parse('2024-01-15T13:00:00Z'));
  });

  it('takes the earlier instant in the autumn hour that happens twice and survives the spring gap', () => {
    // 2024-11-03 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(zonedTimeToEpoch(local(2024, 11, 3, 1, 30), NY)).toBe(
      Date.parse('2024-11-03T05:30:00Z'),
    );
    // 2024-03-10 02:30 does not exist in New York; read with the winter offset.
    expect(zonedTimeToEpoch(local(2024, 3, 10, 2, 30), NY)).toBe(
      Date.parse('2024-03-10T07:30:00Z'),
    );
  });

  it('reads ISO without offset in the zone, and ISO with offset as it says', () => {
    expect(parseIsoInZone('2023-10-30T12:00:39.000', NY)).toBe(Date.parse('2023-10-30T16:00:39Z'));
    expect(parseIsoInZone('2024-04-04 11:52:00', 'Europe/Belgrade')).toBe(
      Date.parse('2024-04-04T09:52:00Z'),
    );
    expect(parseIsoInZone('2026-11-26T08:00:00+08:00', NY)).toBe(
      Date.parse('2026-11-26T00:00:00Z'),
    );
    expect(parseIsoInZone('2024-02-30T00:00:00', NY)).toBeNull();
    expect(parseIsoInZone('yesterday', NY)).toBeNull();
  });

  it('parses a US 12-hour pattern with AM/PM, noon and midnight', () => {
    const parse = timeParser('MM/dd/yyyy hh:mm:ss a', NY);
    expect(parse('04/12/2018 11:11:26 AM')).toBe(Date.parse('2018-04-12T15:11:26Z'));
    expect(parse('04/12/2018 12:00:00 PM')).toBe(Date.parse('2018-04-12T16:00:00Z'));
    expect(parse('04/12/2018 12:00:00 AM')).toBe(Date.parse('2018-04-12T04:00:00Z'));
    expect(parse('04/12/2018 01:05:00 PM')).toBe(Date.parse('2018-04-12T17:05:00Z'));
    expect(parse('13/12/2018 01:05:00 PM')).toBeNull();
    expect(parse('')).toBeNull();
  });

  it('parses epoch formats and refuses a pattern without a date', () => {
    expect(timeParser('epoch-s', NY)('1700000000')).toBe(1_700_000_000_000);
    expect(timeParser('epoch-ms', NY)('1700000000123')).toBe(1_700_000_000_123);
    expect(timeParser('epoch-ms', NY)('abc')).toBeNull();
    expect(() => timeParser('HH:mm', NY)).toThrow(/yyyy/);
  });

  it('tells a real zone from a made-up one', () => {
    expect(isValidTimeZone('Europe/Belgrade')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
