import type { AssetRegistryEntry } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { validateHeatingReadings } from './heating-readings.js';

const NOW = Date.parse('2026-11-26T08:00:00+08:00');
const TS = '2026-11-26T07:59:50+08:00';
const assets = new Map<string, AssetRegistryEntry>([
  ['ST-0001', { domain: 'heating', kind: 'heat_station', district: '120101' }],
  ['IS-0001', { domain: 'heating', kind: 'indoor_sensor', district: '120101' }],
  ['WL-0001', { domain: 'waterlogging', kind: 'underpass', district: '120103' }],
]);
const validate = (...raws: unknown[]) =>
  validateHeatingReadings(raws, { source: 'heating-http:test', now: NOW, assets });
const reasons = (result: ReturnType<typeof validate>) =>
  result.rejections.map((r) => [r.reason, r.metric]);

describe('validateHeatingReadings', () => {
  it('accepts a good reading with its asset and epoch-ms time', () => {
    const result = validate({
      sensorId: 'ST-0001',
      ts: TS,
      metrics: { supplyTempC: 55.2, returnTempC: 45.1, pumpOn: 1 },
    });
    expect(result.rejections).toEqual([]);
    expect(result.accepted).toEqual([
      {
        reading: {
          sensorId: 'ST-0001',
          ts: Date.parse(TS),
          metrics: { supplyTempC: 55.2, returnTempC: 45.1, pumpOn: 1 },
        },
        asset: assets.get('ST-0001'),
      },
    ]);
  });

  it('rejects a metric that is a string, null or NaN as not_a_number', () => {
    for (const value of ['abc', null, Number.NaN]) {
      const result = validate({ sensorId: 'IS-0001', ts: TS, metrics: { indoorTempC: value } });
      expect(result.accepted).toEqual([]);
      expect(reasons(result)).toEqual([['not_a_number', 'indoorTempC']]);
    }
  });

  it('rejects an out-of-range value and the -39.9 sentinel', () => {
    expect(
      reasons(validate({ sensorId: 'IS-0001', ts: TS, metrics: { indoorTempC: 75 } })),
    ).toEqual([['out_of_range', 'indoorTempC']]);
    expect(
      reasons(validate({ sensorId: 'IS-0001', ts: TS, metrics: { indoorTempC: -39.9 } })),
    ).toEqual([['sentinel_value', 'indoorTempC']]);
  });

  it('rejects a reading dated beyond the allowed clock skew', () => {
    const result = validate({
      sensorId: 'IS-0001',
      ts: NOW + 10 * 60_000,
      metrics: { indoorTempC: 20 },
    });
    expect(reasons(result)).toEqual([['future_timestamp', null]]);
    expect(
      validate({ sensorId: 'IS-0001', ts: NOW + 60_000, metrics: { indoorTempC: 20 } }).accepted,
    ).toHaveLength(1);
  });

  it('quarantines a reading with an unknown sensor id and keeps the rest of the batch', () => {
    const result = validate(
      { sensorId: 'XX-9999', ts: TS, metrics: { indoorTempC: 20 } },
      { sensorId: 'IS-0001', ts: TS, metrics: { indoorTempC: 20.5 } },
    );
    expect(result.accepted.map((a) => a.reading.sensorId)).toEqual(['IS-0001']);
    expect(result.rejections).toEqual([
      expect.objectContaining({
        reason: 'unknown_sensor',
        sensorId: 'XX-9999',
        source: 'heating-http:test',
        receivedAt: NOW,
        metric: null,
      }),
    ]);
    expect(JSON.parse(result.rejections[0]!.payload)).toEqual({
      sensorId: 'XX-9999',
      ts: TS,
      metrics: { indoorTempC: 20 },
    });
  });

  it('rejects a metric the asset kind does not report and one of another domain', () => {
    const result = validate({
      sensorId: 'ST-0001',
      ts: TS,
      metrics: { supplyTempC: 55, indoorTempC: 20, depthCm: 3 },
    });
    expect(result.accepted[0]!.reading.metrics).toEqual({ supplyTempC: 55 });
    expect(reasons(result)).toEqual([
      ['unknown_metric', 'indoorTempC'],
      ['wrong_domain', 'depthCm'],
    ]);
  });

  it('rejects a whole reading from an asset of another domain', () => {
    expect(reasons(validate({ sensorId: 'WL-0001', ts: TS, metrics: { depthCm: 3 } }))).toEqual([
      ['wrong_domain', null],
    ]);
  });

  it('keeps the good metrics of a partially bad reading and quarantines each bad one', () => {
    const raw = {
      sensorId: 'ST-0001',
      ts: TS,
      metrics: { supplyTempC: -39.9, returnTempC: 44.8, flowM3h: 'n/a', madeUpMetric: 1 },
    };
    const result = validate(raw);
    expect(result.accepted[0]!.reading.metrics).toEqual({ returnTempC: 44.8 });
    expect(reasons(result).sort()).toEqual(
      [
        ['sentinel_value', 'supplyTempC'],
        ['not_a_number', 'flowM3h'],
        ['unknown_metric', 'madeUpMetric'],
      ].sort(),
    );
    expect(result.rejections.every((r) => r.sensorId === 'ST-0001')).toBe(true);
  });

  it('rejects a reading that is not a reading at all as schema_invalid', () => {
    const result = validate(
      'hello',
      { sensorId: 'IS-0001', metrics: { indoorTempC: 20 } },
      { sensorId: 'IS-0001', ts: '2026-11-26 08:00', metrics: {} },
    );
    expect(result.rejections.map((r) => r.reason)).toEqual([
      'schema_invalid',
      'schema_invalid',
      'schema_invalid',
    ]);
    expect(result.rejections[1]!.sensorId).toBe('IS-0001');
  });
});
