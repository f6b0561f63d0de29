import {
  ASSET_KINDS,
  type AssetKind,
  DEFAULT_RULES,
  METRICS,
  type MetricName,
  type NoDataRule,
} from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { heartbeatMetric, kindsByField, lastReport, reportField } from './heartbeat.js';

const offline = (id: string) => DEFAULT_RULES.find((r) => r.id === id) as NoDataRule;

describe('heartbeatMetric', () => {
  it.each([
    ['heat_source', 'supplyTempC'],
    ['heat_station', 'supplyTempC'],
    ['indoor_sensor', 'indoorTempC'],
    ['underpass', 'depthCm'],
    ['low_road', 'depthCm'],
    ['rain_gauge', 'rainfallMmH'],
  ] as const)('%s: %s', (kind, metric) => {
    expect(heartbeatMetric(kind)).toBe(metric);
  });

  it('is, for every kind, the first metric in METRICS order the kind reports', () => {
    for (const kind of ASSET_KINDS) {
      const first = (Object.keys(METRICS) as MetricName[]).find((m) =>
        (METRICS[m].kinds as readonly string[]).includes(kind),
      );
      expect(heartbeatMetric(kind)).toBe(first ?? null);
    }
  });

  it('is null for a kind without metrics', () => {
    expect(heartbeatMetric('street_lamp' as AssetKind)).toBeNull();
  });
});

describe('reportField and kindsByField', () => {
  it('a rule without a metric watches each kind by its heartbeat, one group per field', () => {
    expect(kindsByField(offline('waterlogging-sensor-offline'))).toEqual(
      new Map([
        ['depthCm', ['underpass', 'low_road']],
        ['rainfallMmH', ['rain_gauge']],
      ]),
    );
    expect(kindsByField(offline('heating-sensor-offline'))).toEqual(
      new Map([
        ['supplyTempC', ['heat_source', 'heat_station']],
        ['indoorTempC', ['indoor_sensor']],
      ]),
    );
  });

  it('a rule with a metric watches that metric for every kind, in one group', () => {
    const rule = {
      metric: 'batteryPct' as const,
      assetKinds: ['underpass', 'rain_gauge'] as AssetKind[],
    };
    expect(reportField(rule, 'underpass')).toBe('batteryPct');
    expect(kindsByField(rule)).toEqual(new Map([['batteryPct', ['underpass', 'rain_gauge']]]));
  });

  it('leaves out kinds without a field to watch', () => {
    const rule = {
      metric: undefined,
      assetKinds: ['street_lamp' as AssetKind, 'rain_gauge' as const],
    };
    expect(reportField(rule, 'street_lamp' as AssetKind)).toBeNull();
    expect(kindsByField(rule)).toEqual(new Map([['rainfallMmH', ['rain_gauge']]]));
  });
});

describe('lastReport', () => {
  const readings: { ts: number; metrics: Record<string, number> }[] = [
    { ts: 300, metrics: { depthCm: 1 } },
    { ts: 100, metrics: { depthCm: 2, batteryPct: 90 } },
    { ts: 500, metrics: { batteryPct: 80 } }, // no heartbeat
    { ts: 400, metrics: { rainfallMmH: 3 } },
  ];

  it.each([
    // metric of the rule, kind, last report
    [undefined, 'underpass', 300],
    [undefined, 'rain_gauge', 400],
    ['batteryPct', 'underpass', 500],
    ['rainfallMmH', 'underpass', 400],
    [undefined, 'street_lamp', null],
  ] as const)('metric %s, %s: %s', (metric, kind, expected) => {
    expect(lastReport(metric ? { metric } : {}, kind as AssetKind, readings)).toBe(expected);
  });

  it('is null without readings, or when none carries the field as a number', () => {
    expect(lastReport({}, 'underpass', [])).toBeNull();
    expect(
      lastReport({}, 'underpass', [
        { ts: 1, metrics: { depthCm: '3' as unknown as number } },
        { ts: 2, metrics: {} },
      ]),
    ).toBeNull();
  });

  it('does not depend on the order of the readings', () => {
    const reversed = [...readings].reverse();
    expect(lastReport({}, 'underpass', reversed)).toBe(300);
    expect(lastReport({ metric: 'batteryPct' }, 'rain_gauge', reversed)).toBe(500);
  });
});
