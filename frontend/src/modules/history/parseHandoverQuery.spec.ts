import { describe, expect, it } from 'vitest';
import { currentShift } from './currentShift';
import { localTimeMs } from './localTimeMs';
import { parseHandoverQuery } from './parseHandoverQuery';
import { toggleValue } from './toggleValue';

const TZ = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(iso);

describe('the shift under way', () => {
  it.each([
    ['2026-11-26T07:59:00+08:00', '2026-11-25T20:00', '2026-11-26T08:00'],
    ['2026-11-26T08:00:00+08:00', '2026-11-26T08:00', '2026-11-26T20:00'],
    ['2026-11-26T19:59:00+08:00', '2026-11-26T08:00', '2026-11-26T20:00'],
    ['2026-11-26T20:00:00+08:00', '2026-11-26T20:00', '2026-11-27T08:00'],
    ['2026-11-30T23:30:00+08:00', '2026-11-30T20:00', '2026-12-01T08:00'],
  ])('at %s runs from %s to %s', (now, from, to) => {
    expect(currentShift(at(now), TZ)).toEqual({ from, to });
  });
});

describe('parseHandoverQuery', () => {
  const now = at('2026-11-26T10:00:00+08:00');
  const parse = (query: string) => parseHandoverQuery(new URLSearchParams(query), now, TZ);

  it('reads a district and a shift in wall-clock time', () => {
    const handover = parse('district=120101&from=2026-11-25T20:00&to=2026-11-26T08:00');
    expect(handover).toEqual({
      district: '120101',
      from: '2026-11-25T20:00',
      to: '2026-11-26T08:00',
    });
    expect(new Date(localTimeMs(handover.from, TZ)).toISOString()).toBe('2026-11-25T12:00:00.000Z');
  });

  it.each([
    [''],
    ['from=2026-11-26T08:00'],
    ['from=2026-11-26T20:00&to=2026-11-26T08:00'], // reversed
    ['from=2026-11-01T08:00&to=2026-11-26T08:00'], // weeks, not a shift
    ['from=2026-11-26T25:00&to=2026-11-26T26:00'],
    ['from=2026-11-26 08:00&to=2026-11-26 20:00'],
  ])('falls back to the current shift for "%s"', (query) => {
    expect(parse(query)).toMatchObject({ from: '2026-11-26T08:00', to: '2026-11-26T20:00' });
  });

  it('takes an unknown district for the whole city', () => {
    expect(parse('district=999999').district).toBeNull();
    expect(parse('district=120101,120102').district).toBeNull();
  });
});

describe('toggleValue', () => {
  it('adds in the canonical order and removes what is there', () => {
    const order = ['heating', 'waterlogging', 'sanitation'] as const;
    expect(toggleValue(['sanitation'], 'heating', order)).toEqual(['heating', 'sanitation']);
    expect(toggleValue(['heating', 'sanitation'], 'heating', order)).toEqual(['sanitation']);
  });
});
