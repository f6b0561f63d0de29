import type { HostileValue } from './types.js';

/** Timestamps that are not valid, not ISO, ambiguous in unit, or absurdly far away. */
export function hostileDates(): HostileValue[] {
  return [
    { label: 'not a date', value: 'not-a-date' },
    { label: 'empty string', value: '' },
    { label: 'February 30th', value: '2026-02-30T10:00:00+08:00' },
    { label: 'month 13', value: '2026-13-01T10:00:00Z' },
    { label: 'hour 25', value: '2026-03-01T25:00:00Z' },
    { label: 'leap second', value: '2026-06-30T23:59:60Z' },
    { label: 'year 0', value: '0000-01-01T00:00:00Z' },
    { label: 'year 10000', value: '+010000-01-01T00:00:00Z' },
    { label: 'negative year', value: '-000001-01-01T00:00:00Z' },
    { label: 'US format', value: '04/12/2018 11:11:26 AM' },
    { label: 'RFC 2822', value: 'Tue, 01 Mar 2026 10:00:00 GMT' },
    { label: 'date only', value: '2026-03-01' },
    { label: 'timezone garbage', value: '2026-03-01T10:00:00+25:00' },
    { label: 'unknown timezone name', value: '2026-03-01T10:00:00 Mars/Olympus' },
    { label: 'double timezone', value: '2026-03-01T10:00:00Z+08:00' },
    { label: 'epoch seconds as a number', value: 1_780_000_000 },
    { label: 'epoch microseconds as a number', value: 1_780_000_000_000_000 },
    { label: 'epoch milliseconds as a string', value: '1780000000000' },
    { label: 'epoch zero', value: 0 },
    { label: 'negative epoch', value: -86_400_000 },
    { label: 'NaN', value: Number.NaN },
    { label: 'far past (1900)', value: '1900-01-01T00:00:00Z' },
    { label: 'far future (2999)', value: '2999-12-31T23:59:59Z' },
    { label: 'max JS date + 1 ms', value: 8.64e15 + 1 },
    { label: 'null', value: null },
    { label: 'boolean', value: true },
    { label: 'object', value: { $date: '2026-03-01T10:00:00Z' } },
  ];
}
