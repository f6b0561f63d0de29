import { describe, expect, it } from 'vitest';
import { RawCaseSchema, isOverdue } from './sanitation.js';

const raw = {
  id: 'SC-20261126-0001',
  category: 'garbage_pile',
  source: 'hotline',
  status: 'open',
  reportedAt: '2026-11-26T08:00:00+08:00',
  updatedAt: '2026-11-26T08:05:00+08:00',
  dueAt: '2026-11-26T16:00:00+08:00',
  lng: 117.196,
  lat: 39.118,
  description: '路边垃圾堆放',
};

describe('RawCaseSchema', () => {
  it('parses times to epoch ms and derives a missing district from the location', () => {
    expect(RawCaseSchema.parse(raw)).toMatchObject({
      district: '120101',
      reportedAt: Date.parse('2026-11-26T00:00:00Z'),
      dueAt: Date.parse('2026-11-26T08:00:00Z'),
    });
  });

  it('keeps a given district and accepts numbers as strings (CSV)', () => {
    expect(
      RawCaseSchema.parse({ ...raw, district: '120103', lng: '117.218', lat: '39.102' }),
    ).toMatchObject({ district: '120103', lng: 117.218 });
  });

  it.each([
    [{ ...raw, lng: 0, lat: 0 }, 'lng', 'the (0, 0) placeholder'],
    [{ ...raw, lng: -76.6, lat: 39.3 }, 'lng', 'a location in Baltimore'],
    [{ ...raw, category: 'noise' }, 'category', 'an unknown category'],
    [{ ...raw, status: 'done' }, 'status', 'an unknown status'],
    [{ ...raw, dueAt: '2026-11-25T00:00:00Z' }, 'dueAt', 'due before it was reported'],
    [{ ...raw, updatedAt: '2026-11-25T00:00:00Z' }, 'updatedAt', 'updated before it was reported'],
    [
      { ...raw, reportedAt: '04/12/2018 11:11:26 AM' },
      'reportedAt',
      'a US-style date without zone',
    ],
    [{ ...raw, id: '../../etc/passwd' }, 'id', 'a path as id'],
    [{ ...raw, lat: 'NaN' }, 'lat', 'NaN'],
  ])('refuses %j at %s (%s)', (input, path, _why) => {
    const result = RawCaseSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0])).toContain(path);
  });
});

describe('isOverdue', () => {
  const due = 1_000;
  it.each([
    ['open before the due time', 'open', 999, null, false],
    ['open after the due time', 'open', 1_001, null, true],
    ['in progress after the due time', 'in_progress', 5_000, null, true],
    ['closed in time, looked at later', 'closed', 5_000, 900, false],
    ['closed late', 'closed', 5_000, 1_200, true],
  ] as const)('%s', (_, status, now, closedAt, expected) => {
    expect(isOverdue({ status, dueAt: due, closedAt }, now)).toBe(expected);
  });
});
