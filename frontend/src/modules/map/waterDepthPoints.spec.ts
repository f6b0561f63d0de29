import type { AssetCollection } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { makeAsset } from './makeAsset';
import { waterDepthPoints } from './waterDepthPoints';

const point = (id: string, overrides: Parameters<typeof makeAsset>[0]) =>
  makeAsset({ id, domain: 'waterlogging', kind: 'underpass', latest: {}, ...overrides }, [117, 39]);

describe('waterDepthPoints', () => {
  it('labels points with water on the road or an open incident, depth in whole cm', () => {
    const collection: AssetCollection = {
      type: 'FeatureCollection',
      features: [
        point('wet', { latest: { depthCm: 12.4 } }),
        point('dry', { latest: { depthCm: 0 } }),
        point('alarmed', { kind: 'low_road', severity: 'yellow' }),
        makeAsset({
          id: 'rain',
          domain: 'waterlogging',
          kind: 'rain_gauge',
          latest: { depthCm: 5 },
        }),
      ],
    };
    expect(waterDepthPoints(collection)).toEqual([
      { id: 'wet', lngLat: [117, 39], depthCm: 12, severity: null },
      { id: 'alarmed', lngLat: [117, 39], depthCm: 0, severity: 'yellow' },
    ]);
  });

  it('is empty before the assets have loaded', () => {
    expect(waterDepthPoints(undefined)).toEqual([]);
  });
});
