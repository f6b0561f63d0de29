import {
  DEFAULT_READING_CHECK,
  SENTINEL_VALUES,
  checkMetric,
  checkReading,
} from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { SimReading } from '../heating/reading-log.js';
import { createRandom } from '../lib/random.js';
import { BAD_READING_KINDS, BadData, spoilReading } from './bad-data.js';
import { SensorFaults, sentinelFor } from './sensor-faults.js';

const NOW = Date.parse('2026-11-26T08:00:00+08:00');
const reading = (sensorId: string, metrics: Record<string, number>, n = 0): SimReading => ({
  sensorId,
  ts: new Date(NOW + n * 10_000 + 8 * 3_600_000).toISOString().replace('Z', '+08:00'),
  metrics,
});
const flat = (n: number) => reading('IS-0042', { indoorTempC: 20 + (n % 5) / 10 }, n);
const station = (n: number) =>
  reading('ST-0007', { supplyTempC: 52 + n / 100, returnTempC: 42, flowM3h: 100, pumpOn: 1 }, n);

describe('SensorFaults', () => {
  it('stuck: repeats the first value seen after the fault began, with fresh timestamps', () => {
    const faults = new SensorFaults('t');
    faults.set('IS-0042', 'stuck', NOW);
    const out = Array.from({ length: 20 }, (_, n) => faults.apply([flat(n + 1)])[0]!);
    expect(new Set(out.map((r) => r.metrics.indoorTempC)).size).toBe(1);
    expect(new Set(out.map((r) => r.ts)).size).toBe(20);
  });

  it('spikes: now and then one metric jumps far but stays physically possible', () => {
    const faults = new SensorFaults('t');
    faults.set('ST-0007', 'spikes', NOW);
    const out = Array.from({ length: 200 }, (_, n) => faults.apply([station(n)])[0]!);
    const spiky = out.filter(
      (r, n) => JSON.stringify(r.metrics) !== JSON.stringify(station(n).metrics),
    );
    expect(spiky.length).toBeGreaterThan(20);
    expect(spiky.length).toBeLessThan(100);
    for (const r of spiky) {
      expect(r.metrics.pumpOn).toBe(1);
      for (const [name, value] of Object.entries(r.metrics))
        expect(checkMetric(name, value)).toBeNull();
    }
    expect(spiky.some((r) => r.metrics.supplyTempC! > 52 + 15)).toBe(true);
  });

  it('silent: the sensor sends nothing; the others are untouched', () => {
    const faults = new SensorFaults('t');
    faults.set('IS-0042', 'silent', NOW);
    const other = reading('IS-0001', { indoorTempC: 21 });
    expect(faults.apply([flat(1), other])).toEqual([other]);
  });

  it('sentinel: every metric carries a "no reading" value, -39.9 for temperatures', () => {
    const faults = new SensorFaults('t');
    faults.set('ST-0007', 'sentinel', NOW);
    const [out] = faults.apply([station(1)]);
    expect(out!.metrics).toEqual({
      supplyTempC: -39.9,
      returnTempC: -39.9,
      flowM3h: 9999,
      pumpOn: 9999,
    });
    for (const value of Object.values(out!.metrics)) expect(SENTINEL_VALUES).toContain(value);
    expect(sentinelFor('depthCm')).toBe(9999);
  });

  it('clears one fault or all of them', () => {
    const faults = new SensorFaults('t');
    faults.set('IS-0042', 'silent', NOW);
    faults.set('ST-0007', 'silent', NOW);
    faults.set('IS-0042', null, NOW);
    expect(Object.keys(faults.state())).toEqual(['ST-0007']);
    faults.clear();
    expect(faults.apply([flat(1)])).toEqual([flat(1)]);
  });
});

describe('bad data', () => {
  const known = new Set(['IS-0042', 'ST-0007']);

  it('spoils readings in every kind the collectors must quarantine', () => {
    const random = createRandom('bad');
    for (const kind of BAD_READING_KINDS) {
      const bad = spoilReading(station(1), kind, NOW, random);
      const check = checkReading(bad, undefined, { now: NOW, ...DEFAULT_READING_CHECK });
      const refused =
        !check.ok || check.rejectedMetrics.length > 0 || !known.has(check.reading.sensorId);
      expect(refused, `${kind}: ${JSON.stringify(bad)}`).toBe(true);
    }
  });

  it('spoils about the share asked for and counts each kind it sent', () => {
    const bad = new BadData('t');
    expect(bad.apply([flat(1)], NOW)).toEqual([flat(1)]);
    bad.setShare(0.1);
    const readings = Array.from({ length: 2000 }, (_, n) => flat(n));
    const out = bad.apply(readings, NOW);
    const spoiled = out.filter((r, n) => JSON.stringify(r) !== JSON.stringify(readings[n]));
    const counted = Object.values(bad.state().sent).reduce((a, b) => a + b, 0);
    expect(counted).toBeGreaterThan(120);
    expect(counted).toBeLessThan(280);
    expect(spoiled.length).toBe(counted);
  });
});
