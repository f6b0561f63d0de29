import { RawReadingSchema, checkMetric, parseReadingTopic } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { buildScaledCity } from '../city/city-model.js';
import {
  LoadError,
  assertLoopback,
  checkLoadBounds,
  dueCount,
  loadMessage,
  runLoad,
} from './load-generator.js';

describe('load generator', () => {
  const city = buildScaledCity('tianjin', 0.01);

  it('sends exactly rate × duration readings of the contract shape, cycling through the sensors', async () => {
    const seen: { topic: string; payload: string }[] = [];
    const result = await runLoad({
      ratePerS: 4000,
      durationS: 0.25,
      sensors: city.assets,
      publish: (topic, payload) => {
        seen.push({ topic, payload });
        return Promise.resolve();
      },
    });
    expect(result).toMatchObject({ target: 1000, sent: 1000, acked: 1000, failed: 0 });
    expect(result.achievedRatePerS).toBeGreaterThan(0);
    expect(new Set(seen.map((m) => m.topic)).size).toBe(city.assets.length);
    for (const { topic, payload } of seen.slice(0, 300)) {
      const target = parseReadingTopic(topic);
      expect(target && city.byId.get(target.sensorId)?.domain).toBe(target?.domain);
      const reading = RawReadingSchema.parse(JSON.parse(payload));
      for (const [name, value] of Object.entries(reading.metrics))
        expect(checkMetric(name, value), `${topic} ${name}`).toBeNull();
    }
  });

  it('counts failed publishes and keeps their first errors', async () => {
    let n = 0;
    const result = await runLoad({
      ratePerS: 1000,
      durationS: 0.05,
      sensors: city.assets,
      publish: () => (++n % 2 ? Promise.resolve() : Promise.reject(new Error('broker said no'))),
    });
    expect(result.sent).toBe(50);
    expect(result.failed).toBe(25);
    expect(result.acked).toBe(25);
    expect(result.errors[0]).toBe('broker said no');
  });

  it('paces by elapsed time and never past the total', () => {
    expect(dueCount(20_000, 0, 1_200_000)).toBe(0);
    expect(dueCount(20_000, 500, 1_200_000)).toBe(10_000);
    expect(dueCount(20_000, 120_000, 1_200_000)).toBe(1_200_000);
    expect(dueCount(20_000, -5, 10)).toBe(0);
  });

  it('goes to loopback brokers only, within bounded rate and duration', () => {
    expect(() => assertLoopback('mqtt://127.0.0.1:1883')).not.toThrow();
    expect(() => assertLoopback('mqtt://localhost')).not.toThrow();
    expect(() => assertLoopback('mqtt://[::1]:1883')).not.toThrow();
    expect(() => assertLoopback('mqtt://broker.example.com:1883')).toThrow(LoadError);
    expect(() => assertLoopback('mqtt://10.0.0.5')).toThrow(LoadError);
    expect(() => assertLoopback('not a url')).toThrow(LoadError);
    expect(() => checkLoadBounds(20_000, 60)).not.toThrow();
    expect(() => checkLoadBounds(500_000, 60)).toThrow(LoadError);
    expect(() => checkLoadBounds(100, 3600)).toThrow(LoadError);
    expect(() => checkLoadBounds(0, 1)).toThrow(LoadError);
  });

  it('writes a plausible reading for each kind', () => {
    const at = Date.parse('2026-11-26T08:00:00+08:00');
    const flat = loadMessage({ id: 'IS-0001', domain: 'heating', kind: 'indoor_sensor' }, 3, at);
    expect(flat.topic).toBe('cityops/heating/IS-0001/reading');
    expect(JSON.parse(flat.payload)).toMatchObject({ ts: '2026-11-26T08:00:00.000+08:00' });
    const point = loadMessage({ id: 'WL-0001', domain: 'waterlogging', kind: 'underpass' }, 1, at);
    expect(Object.keys(JSON.parse(point.payload).metrics)).toEqual([
      'depthCm',
      'rainfallMmH',
      'batteryPct',
    ]);
  });
});
