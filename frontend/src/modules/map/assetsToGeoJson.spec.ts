import { describe, expect, it } from 'vitest';
import { assetsToGeoJson } from './assetsToGeoJson';
import { makeAsset } from './makeAsset';

const collection = (...features: ReturnType<typeof makeAsset>[]) => ({
  type: 'FeatureCollection' as const,
  features,
});

describe('assetsToGeoJson', () => {
  it('keeps each asset at its coordinates with its id', () => {
    const [feature] = assetsToGeoJson(
      collection(makeAsset({ id: 'HS-9' }, [117.3, 39.2])),
    ).features;
    expect(feature?.id).toBe('HS-9');
    expect(feature?.geometry.coordinates).toEqual([117.3, 39.2]);
  });

  it('colours by the worst open incident first, then by status', () => {
    const keys = assetsToGeoJson(
      collection(
        makeAsset({ id: 'a', status: 'alarm', severity: 'red' }),
        makeAsset({ id: 'b', status: 'alarm', severity: null }),
        makeAsset({ id: 'c', status: 'offline' }),
        makeAsset({ id: 'd', status: 'ok' }),
      ),
    ).features.map((f) => f.properties.colorKey);
    expect(keys).toEqual(['red', 'alarm', 'offline', 'ok']);
  });

  it('draws heat stations larger than indoor sensors, and an asset in alarm larger than a healthy one', () => {
    const [station, sensor, alarmed] = assetsToGeoJson(
      collection(
        makeAsset({ id: 's', kind: 'heat_station' }),
        makeAsset({ id: 'i', kind: 'indoor_sensor' }),
        makeAsset({ id: 'x', kind: 'heat_station', severity: 'orange', status: 'alarm' }),
      ),
    ).features;
    expect(station!.properties.radius).toBeGreaterThan(sensor!.properties.radius);
    expect(alarmed!.properties.radius).toBeGreaterThan(station!.properties.radius);
  });

  it('draws red above orange above healthy above offline', () => {
    const sortKeys = assetsToGeoJson(
      collection(
        makeAsset({ id: 'r', severity: 'red', status: 'alarm' }),
        makeAsset({ id: 'o', severity: 'orange', status: 'alarm' }),
        makeAsset({ id: 'k', status: 'ok' }),
        makeAsset({ id: 'f', status: 'offline' }),
      ),
    ).features.map((f) => f.properties.sortKey);
    expect([...sortKeys].sort((a, b) => b - a)).toEqual(sortKeys);
  });

  it('gives an empty collection before the assets have loaded', () => {
    expect(assetsToGeoJson(undefined).features).toEqual([]);
  });
});
