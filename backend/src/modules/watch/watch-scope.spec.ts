import { describe, expect, it } from 'vitest';
import {
  type WatchSpan,
  activeKinds,
  cadenceFactorAt,
  covers,
  scopeIncludes,
  spanEnd,
} from './watch-scope.js';

const HOUR = 3_600_000;
const watch = (over: Partial<WatchSpan>): WatchSpan => ({
  id: 'w',
  kind: 'rainstorm',
  scope: '120101',
  auto: false,
  startMs: 10 * HOUR,
  endMs: null,
  ...over,
});

describe('watch scope matching', () => {
  it('a city watch covers every district and places of unknown district; a district watch only its own', () => {
    expect(scopeIncludes('city', '120101')).toBe(true);
    expect(scopeIncludes('city', null)).toBe(true);
    expect(scopeIncludes('120101', '120101')).toBe(true);
    expect(scopeIncludes('120101', '120102')).toBe(false);
    expect(scopeIncludes('120101', null)).toBe(false);
  });

  it('applies from its start (inclusive) to its end (exclusive), in event time', () => {
    const w = watch({ endMs: 12 * HOUR });
    expect(covers(w, '120101', 10 * HOUR - 1)).toBe(false);
    expect(covers(w, '120101', 10 * HOUR)).toBe(true);
    expect(covers(w, '120101', 12 * HOUR - 1)).toBe(true);
    expect(covers(w, '120101', 12 * HOUR)).toBe(false);
    expect(covers(watch({}), '120101', 1000 * HOUR)).toBe(true);
  });

  it('ends at the earlier of its actual and planned ends', () => {
    expect(spanEnd({ endsAt: null, endedAt: null })).toBeNull();
    expect(spanEnd({ endsAt: 5, endedAt: null })).toBe(5);
    expect(spanEnd({ endsAt: null, endedAt: 7 })).toBe(7);
    expect(spanEnd({ endsAt: 5, endedAt: 7 })).toBe(5);
    expect(spanEnd({ endsAt: 9, endedAt: 7 })).toBe(7);
  });

  it('lists the kinds on for a place, each once', () => {
    const watches = [
      watch({ id: 'a' }),
      watch({ id: 'b', scope: 'city' }),
      watch({ id: 'c', kind: 'cold_wave', scope: 'city', startMs: 11 * HOUR }),
      watch({ id: 'd', kind: 'cold_wave', scope: '120102' }),
    ];
    expect(activeKinds(watches, '120101', 10 * HOUR)).toEqual(['rainstorm']);
    expect(activeKinds(watches, '120101', 11 * HOUR)).toEqual(['cold_wave', 'rainstorm']);
    expect(activeKinds(watches, '120103', 10 * HOUR)).toEqual(['rainstorm']);
    expect(activeKinds(watches, '120102', 10 * HOUR)).toEqual(['cold_wave', 'rainstorm']);
    expect(activeKinds(watches, null, 9 * HOUR)).toEqual([]);
  });
});

describe('cadence factor', () => {
  const watches = [watch({ id: 'a', endMs: 12 * HOUR })];

  it('speeds up the district under watch, and the city-wide tick while any district is', () => {
    expect(cadenceFactorAt(watches, '120101', 11 * HOUR, 3)).toBe(3);
    expect(cadenceFactorAt(watches, '120102', 11 * HOUR, 3)).toBe(1);
    expect(cadenceFactorAt(watches, 'city', 11 * HOUR, 3)).toBe(3);
    expect(cadenceFactorAt(watches, 'city', 13 * HOUR, 3)).toBe(1);
  });

  it('counts only the watch kinds a rule responds to, when told', () => {
    expect(cadenceFactorAt(watches, '120101', 11 * HOUR, 2, ['cold_wave'])).toBe(1);
    expect(cadenceFactorAt(watches, '120101', 11 * HOUR, 2, ['rainstorm'])).toBe(2);
    expect(cadenceFactorAt([watch({ scope: 'city' })], '120105', 11 * HOUR, 2)).toBe(2);
  });
});
