import { describe, expect, it } from 'vitest';
import {
  type MetricQualityCheck,
  type TimedReading,
  inspectReadings,
  spikeAt,
  suspectNote,
} from './quality-checks.js';

const T = Date.parse('2026-11-26T08:00:00Z');
const MIN = 60_000;

/** Readings of one metric every `stepMin` minutes from T. */
const series = (metric: string, values: number[], stepMin = 5, start = T): TimedReading[] =>
  values.map((value, i) => ({ ts: start + i * stepMin * MIN, metrics: { [metric]: value } }));

const checks: Record<string, MetricQualityCheck> = {
  indoorTempC: { stuck: { readings: 6, minutes: 25 }, spikeLimit: 10 },
  depthCm: { spikeLimit: 30 },
};

describe('spikeAt', () => {
  it.each([
    [
      'up and back',
      [
        [1, 20],
        [2, 42],
      ],
      20.5,
      { at: 2, before: 20, peak: 42 },
    ],
    [
      'down and back',
      [
        [1, 20],
        [2, -5],
      ],
      19,
      { at: 2, before: 20, peak: -5 },
    ],
    [
      'a step that stays (a real change)',
      [
        [1, 20],
        [2, 42],
      ],
      41,
      null,
    ],
    [
      'a jump that only half returns',
      [
        [1, 20],
        [2, 42],
      ],
      30,
      null,
    ],
    [
      'a jump below the limit',
      [
        [1, 20],
        [2, 29],
      ],
      20,
      null,
    ],
    ['not enough history', [[1, 20]], 20, null],
  ] as const)('%s', (_, recent, now, expected) => {
    expect(spikeAt(recent as unknown as [number, number][], now, 10)).toEqual(expected);
  });
});

describe('inspectReadings', () => {
  it.each([
    ['noise around a value', [20.1, 20.12, 20.08, 20.1, 20.11, 20.09, 20.1, 20.13], []],
    ['stuck for 6 readings over 25 min', [20.1, 20.1, 20.1, 20.1, 20.1, 20.1], ['stuck@0']],
    ['stuck for 5 readings only', [19, 20.1, 20.1, 20.1, 20.1, 20.1], []],
    ['a spike that returns', [20, 20.1, 35, 20.2, 20.1], ['spike@10']],
    ['a rise that stays (a heater switched on)', [15, 15.1, 26, 26.2, 26.1], []],
    [
      'stuck, then still stuck for another full run',
      Array.from({ length: 11 }, () => 17),
      ['stuck@0', 'stuck@25'],
    ],
  ])('%s → %j', (_, values, expected) => {
    const { findings } = inspectReadings(undefined, series('indoorTempC', values), checks);
    expect(findings.map((f) => `${f.kind}@${(f.at - T) / MIN}`)).toEqual(expected);
  });

  it('needs the minutes as well as the readings (a burst of identical values is not stuck)', () => {
    const burst = series(
      'indoorTempC',
      Array.from({ length: 20 }, () => 18),
      1,
    );
    expect(inspectReadings(undefined, burst, checks).findings).toEqual([]);
  });

  it('never calls a metric stuck that normally sits still (depth 0 on a dry day)', () => {
    const dry = series(
      'depthCm',
      Array.from({ length: 50 }, () => 0),
    );
    expect(inspectReadings(undefined, dry, checks).findings).toEqual([]);
  });

  it('sees a spike split across two batches, from the stored state', () => {
    const all = series('depthCm', [2, 2, 80, 3]);
    const first = inspectReadings(undefined, all.slice(0, 3), checks);
    expect(first.findings).toEqual([]);
    const second = inspectReadings(first.state, all.slice(3), checks);
    expect(second.findings).toMatchObject([
      { kind: 'spike', metric: 'depthCm', at: T + 10 * MIN, seenAt: T + 15 * MIN },
    ]);
    expect(second.findings[0]!.detail).toBe(
      'depthCm jumped from 2 to 80 and back to 3 within one reading',
    );
  });

  it('finds the same whatever the order the readings arrive in, and nothing on a replay', () => {
    const readings = series('indoorTempC', [20, 20.1, 35, 20.2, 21, 21, 21, 21, 21, 21]);
    const inOrder = inspectReadings(undefined, readings, checks);
    const shuffled = inspectReadings(undefined, [...readings].reverse(), checks);
    expect(shuffled.findings).toEqual(inOrder.findings);
    expect(inOrder.findings.map((f) => f.kind)).toEqual(['spike', 'stuck']);
    expect(inspectReadings(inOrder.state, readings, checks).findings).toEqual([]);
  });

  it('checks each metric of a reading on its own and skips unknown ones', () => {
    const readings: TimedReading[] = [0, 1, 2].map((i) => ({
      ts: T + i * 5 * MIN,
      metrics: { depthCm: [1, 90, 1][i]!, indoorTempC: 20, batteryPct: 50 },
    }));
    const { findings, state } = inspectReadings(undefined, readings, checks);
    expect(findings.map((f) => f.metric)).toEqual(['depthCm']);
    expect(Object.keys(state).sort()).toEqual(['depthCm', 'indoorTempC']);
  });
});

describe('suspectNote', () => {
  it('tells why and where to look', () => {
    expect(suspectNote({ id: 'm1', kind: 'stuck', detail: 'indoorTempC stuck at 15' })).toBe(
      'sensor suspect (stuck: indoorTempC stuck at 15); not paged, see maintenance item m1',
    );
  });
});
