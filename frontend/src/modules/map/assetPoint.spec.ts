import { describe, expect, it } from 'vitest';
import { assetPoint } from './assetPoint';
import { makeAsset } from './makeAsset';

describe('assetPoint', () => {
  it('keeps each asset at its coordinates with its id', () => {
    const feature = assetPoint(makeAsset({ id: 'HS-9' }, [117.3, 39.2]));
    expect(feature.id).toBe('HS-9');
    expect(feature.properties.id).toBe('HS-9');
    expect(feature.geometry.coordinates).toEqual([117.3, 39.2]);
  });

  it('colours by the worst open incident first, then by status', () => {
    const keys = [
      makeAsset({ id: 'a', status: 'alarm', severity: 'red' }),
      makeAsset({ id: 'b', status: 'alarm', severity: null }),
      makeAsset({ id: 'c', status: 'offline' }),
      makeAsset({ id: 'd', status: 'ok' }),
    ].map((asset) => assetPoint(asset).properties.colorKey);
    expect(keys).toEqual(['red', 'alarm', 'offline', 'ok']);
  });

  it('draws heat stations larger than indoor sensors, and an asset in alarm larger than a healthy one', () => {
    const station = assetPoint(makeAsset({ id: 's', kind: 'heat_station' }));
    const sensor = assetPoint(makeAsset({ id: 'i', kind: 'indoor_sensor' }));
    const alarmed = assetPoint(
      makeAsset({ id: 'x', kind: 'heat_station', severity: 'orange', status: 'alarm' }),
    );
    expect(station.properties.radius).toBeGreaterThan(sensor.properties.radius);
    expect(alarmed.properties.radius).toBeGreaterThan(station.properties.radius);
  });

  it('draws red above orange above healthy above offline', () => {
    const sortKeys = [
      makeAsset({ id: 'r', severity: 'red', status: 'alarm' }),
      makeAsset({ id: 'o', severity: 'orange', status: 'alarm' }),
      makeAsset({ id: 'k', status: 'ok' }),
      makeAsset({ id: 'f', status: 'offline' }),
    ].map((asset) => assetPoint(asset).properties.sortKey);
    expect([...sortKeys].sort((a, b) => b - a)).toEqual(sortKeys);
  });

  it('sizes rain gauges by rainfall intensity, capped at heavy rain', () => {
    const gauge = (rainfallMmH: number) =>
      assetPoint(
        makeAsset({
          id: 'RG-1',
          domain: 'waterlogging',
          kind: 'rain_gauge',
          latest: { rainfallMmH },
        }),
      ).properties;
    expect(gauge(0).radius).toBe(4);
    expect(gauge(25).radius).toBeGreaterThan(gauge(0).radius);
    expect(gauge(50).radius).toBe(14);
    expect(gauge(120).radius).toBe(14);
    expect(gauge(12.34).rainfallMmH).toBe(12.3);
  });

  it('gives waterlogging points their depth in whole centimetres, 0 when unknown', () => {
    const point = (latest: Record<string, number>) =>
      assetPoint(makeAsset({ id: 'WL-1', domain: 'waterlogging', kind: 'underpass', latest }))
        .properties.depthCm;
    expect(point({ depthCm: 23.6 })).toBe(24);
    expect(point({})).toBe(0);
  });

  it('gives indoor sensors a heatmap weight and other kinds none', () => {
    const flat = assetPoint(
      makeAsset({ id: 'IS-1', kind: 'indoor_sensor', latest: { indoorTempC: 15 } }),
    );
    expect(flat.properties.weight).toBeGreaterThan(0.5);
    expect(assetPoint(makeAsset({ id: 'HS-1' })).properties).not.toHaveProperty('weight');
  });

  it('gives an equal feature for a reading that changes nothing visible', () => {
    const a = assetPoint(
      makeAsset({ id: 'IS-1', kind: 'indoor_sensor', latest: { indoorTempC: 21.2 } }),
    );
    const b = assetPoint(
      makeAsset({ id: 'IS-1', kind: 'indoor_sensor', latest: { indoorTempC: 21.4 } }),
    );
    expect(b).toEqual(a);
  });
});
