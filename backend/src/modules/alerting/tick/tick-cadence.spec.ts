import { DEFAULT_RULES, type Rule, type RuleType } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import {
  MIN_TICK_CADENCE_SEC,
  TICK_CADENCE_SEC,
  cadenceMs,
  tickJobId,
  tickTime,
  ticks,
} from './tick-cadence.js';

const of = (type: RuleType) => ({ type });

describe('cadenceMs', () => {
  it.each([
    // type, watch factor, cadence (ms)
    ['no_data', undefined, 30_000],
    ['case_time_limit', undefined, 30_000],
    ['case_cluster', undefined, 30_000],
    ['threshold', undefined, 30_000],
    ['window', undefined, 60_000],
    ['window', 1, 60_000],
    ['window', 2, 30_000],
    ['window', 3, 20_000],
    ['window', 7, 9_000], // 8.57 s, in whole seconds
    ['window', 8, 8_000], // 7.5 s rounds up
    ['window', 10, 6_000],
    ['window', 12, 5_000],
    ['window', 100, 5_000], // never below the minimum
    ['no_data', 2, 15_000],
    ['no_data', 4, 8_000], // 7.5 s
    ['no_data', 6, 5_000],
    ['no_data', 10, 5_000], // 3 s → the minimum
    ['window', 0.5, 60_000], // a factor below 1 never slows a rule down
    ['no_data', 0, 30_000],
    ['no_data', -3, 30_000],
  ] as const)('%s with factor %s: %d ms', (type, factor, expected) => {
    expect(cadenceMs(of(type), factor)).toBe(expected);
  });

  it('is whole seconds and at least the minimum for every kind and factor', () => {
    for (const type of Object.keys(TICK_CADENCE_SEC) as RuleType[])
      for (let factor = 1; factor <= 40; factor += 0.25) {
        const ms = cadenceMs(of(type), factor);
        expect(ms % 1000).toBe(0);
        expect(ms).toBeGreaterThanOrEqual(MIN_TICK_CADENCE_SEC * 1000);
        expect(ms).toBeLessThanOrEqual(TICK_CADENCE_SEC[type] * 1000);
      }
  });
});

describe('tickTime', () => {
  it.each([
    // wall time, cadence, tick time
    [0, 30_000, 0],
    [1, 30_000, 0],
    [29_999, 30_000, 0],
    [30_000, 30_000, 30_000],
    [59_999, 30_000, 30_000],
    [1_795_740_012_345, 60_000, 1_795_740_000_000],
    [1_795_740_059_999, 60_000, 1_795_740_000_000],
    [1_795_740_060_000, 60_000, 1_795_740_060_000],
    [1_795_740_012_345, 5_000, 1_795_740_010_000],
    [1_795_740_005_000, 9_000, 1_795_740_003_000], // slots counted from the epoch, not the minute
    [-1, 30_000, -30_000],
  ])('%d with a cadence of %d ms: %d', (wall, cadence, expected) => {
    expect(tickTime(wall, cadence)).toBe(expected);
  });

  it('is the start of the slot holding the wall time', () => {
    for (const cadence of [5_000, 9_000, 30_000, 60_000])
      for (let wall = 1_795_740_000_000; wall < 1_795_740_000_000 + 3 * cadence; wall += 1_237) {
        const at = tickTime(wall, cadence);
        expect(at % cadence).toBe(0);
        expect(at).toBeLessThanOrEqual(wall);
        expect(wall - at).toBeLessThan(cadence);
      }
  });
});

describe('tickJobId', () => {
  it('names the rule and the tick time', () => {
    expect(tickJobId('rainstorm-signal', 1_795_740_000_000)).toBe(
      'tick|rainstorm-signal|1795740000000',
    );
  });

  it('is the same for every replica ticking in the same slot, different in the next', () => {
    const cadence = cadenceMs(of('no_data'));
    const slot = 1_795_740_000_000;
    const ids = [slot, slot + 1, slot + 12_345, slot + cadence - 1].map((wall) =>
      tickJobId('heating-sensor-offline', tickTime(wall, cadence)),
    );
    expect(new Set(ids).size).toBe(1);
    expect(tickJobId('heating-sensor-offline', tickTime(slot + cadence, cadence))).not.toBe(ids[0]);
    expect(tickJobId('waterlogging-sensor-offline', tickTime(slot, cadence))).not.toBe(ids[0]);
  });

  it('is a valid BullMQ custom id (no ":", not an integer)', () => {
    for (const rule of DEFAULT_RULES) {
      const id = tickJobId(rule.id, 1_795_740_000_000);
      expect(id).not.toContain(':');
      expect(`${parseInt(id, 10)}`).not.toBe(id);
    }
  });
});

describe('ticks', () => {
  it('evaluates every kind but threshold rules on the tick path', () => {
    const byType = new Map<RuleType, boolean>();
    for (const rule of DEFAULT_RULES) byType.set(rule.type, ticks(rule));
    expect(Object.fromEntries(byType)).toEqual({
      threshold: false,
      window: true,
      no_data: true,
      case_time_limit: true,
      case_cluster: true,
    });
  });

  it('does not look at enabled (the scheduler and the service filter that)', () => {
    const rule = DEFAULT_RULES.find((r) => r.type === 'no_data')!;
    expect(ticks({ ...rule, enabled: false } as Rule)).toBe(true);
  });
});
