import type { AssetRegistryEntry } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { pointFromReading } from '../../sink/points.js';
import { readingDomain } from '../reading-domains.js';
import { validateWaterloggingReadings } from './waterlogging-readings.js';

const NOW = Date.parse('2026-11-26T08:00:00+08:00');
const TS = '2026-11-26T07:59:00+08:00';
const assets = new Map<string, AssetRegistryEntry>([
  ['WL-0042', { domain: 'waterlogging', kind: 'underpass', district: '120103' }],
  ['RG-0001', { domain: 'waterlogging', kind: 'rain_gauge', district: '120101' }],
  ['ST-0001', { domain: 'heating', kind: 'heat_station', district: '120101' }],
]);
const validate = (...raws: unknown[]) =>
  validateWaterloggingReadings(raws, { source: 'mqtt:test', now: NOW, assets });

describe('validateWaterloggingReadings', () => {
  it('accepts depth, rainfall and battery from an underpass and writes them to measurement waterlogging', () => {
    const result = validate({
      sensorId: 'WL-0042',
      ts: TS,
      metrics: { depthCm: 12.5, rainfallMmH: 30.2, batteryPct: 87 },
    });
    expect(result.rejections).toEqual([]);
    const { reading, asset } = result.accepted[0]!;
    expect(pointFromReading(reading, asset)).toEqual({
      measurement: 'waterlogging',
      tags: { assetId: 'WL-0042', district: '120103', kind: 'underpass' },
      fields: { depthCm: 12.5, rainfallMmH: 30.2, batteryPct: 87 },
      timestampMs: Date.parse(TS),
    });
  });

  it('refuses depth from a rain gauge, a heating asset, and a negative depth', () => {
    const result = validate(
      { sensorId: 'RG-0001', ts: TS, metrics: { depthCm: 3, rainfallMmH: 10 } },
      { sensorId: 'ST-0001', ts: TS, metrics: { depthCm: 3 } },
      { sensorId: 'WL-0042', ts: TS, metrics: { depthCm: -5 } },
    );
    expect(result.accepted.map((a) => a.reading.metrics)).toEqual([{ rainfallMmH: 10 }]);
    expect(result.rejections.map((r) => [r.sensorId, r.reason, r.metric])).toEqual([
      ['RG-0001', 'unknown_metric', 'depthCm'],
      ['ST-0001', 'wrong_domain', null],
      ['WL-0042', 'out_of_range', 'depthCm'],
    ]);
  });
});

describe('reading domains', () => {
  it('knows heating and waterlogging, and not sanitation (cases are not readings)', () => {
    expect(readingDomain('heating')?.domain).toBe('heating');
    expect(readingDomain('waterlogging')?.domain).toBe('waterlogging');
    expect(readingDomain('sanitation')).toBeNull();
    expect(readingDomain('parking')).toBeNull();
  });
});
