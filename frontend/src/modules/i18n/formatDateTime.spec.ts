import { describe, expect, it } from 'vitest';
import { formatDateTime } from './formatDateTime';

describe('formatDateTime', () => {
  it('shows a UTC instant in Asia/Shanghai (UTC+8) by default', () => {
    expect(formatDateTime('2026-11-26T00:05:09Z', 'full')).toBe('2026-11-26 08:05:09');
    expect(formatDateTime('2026-11-26T00:05:09Z', 'time')).toBe('08:05:09');
    expect(formatDateTime('2026-11-26T00:05:09Z', 'hm')).toBe('08:05');
  });

  it('rolls the date over at local midnight, not UTC midnight', () => {
    expect(formatDateTime('2026-11-25T16:30:00Z', 'short')).toBe('11-26 00:30');
    expect(formatDateTime('2026-11-25T15:59:00Z', 'short')).toBe('11-25 23:59');
  });

  it('reads offsets and epoch milliseconds', () => {
    expect(formatDateTime('2026-11-26T08:00:00+08:00', 'full')).toBe('2026-11-26 08:00:00');
    expect(formatDateTime(Date.UTC(2026, 0, 1, 0, 0, 0), 'full')).toBe('2026-01-01 08:00:00');
  });

  it('uses 00 rather than 24 for midnight', () => {
    expect(formatDateTime('2026-11-25T16:00:00Z', 'time')).toBe('00:00:00');
  });

  it('honours another zone when configured', () => {
    expect(formatDateTime('2026-11-26T00:00:00Z', 'full', 'UTC')).toBe('2026-11-26 00:00:00');
  });

  it('shows a dash for an unparseable value instead of "Invalid Date"', () => {
    expect(formatDateTime('not a date')).toBe('—');
  });
});
