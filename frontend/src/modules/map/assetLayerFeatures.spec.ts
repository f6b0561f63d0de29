import type { AssetCollection } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { assetLayerFeatures } from './assetLayerFeatures';
import { assetPoint } from './assetPoint';
import { makeAsset } from './makeAsset';
import { memoizeByObject } from './memoizeByObject';

const collection = (...features: ReturnType<typeof makeAsset>[]): AssetCollection => ({
  type: 'FeatureCollection',
  features,
});

const city = collection(
  makeAsset({ id: 'HS-1', kind: 'heat_source' }),
  makeAsset({ id: 'ST-1', kind: 'heat_station', parentId: 'HS-1' }),
  makeAsset({ id: 'IS-1', kind: 'indoor_sensor', parentId: 'ST-1' }),
  makeAsset({ id: 'WL-1', domain: 'waterlogging', kind: 'underpass' }),
  makeAsset({ id: 'WL-2', domain: 'waterlogging', kind: 'low_road' }),
  makeAsset({ id: 'RG-1', domain: 'waterlogging', kind: 'rain_gauge' }),
);

describe('assetLayerFeatures', () => {
  it('splits the assets into the heating, indoor, waterlogging and rain sources', () => {
    const groups = assetLayerFeatures(city);
    const ids = Object.fromEntries(
      Object.entries(groups).map(([group, features]) => [group, features.map((f) => f.id)]),
    );
    expect(ids).toEqual({
      heating: ['HS-1', 'ST-1'],
      indoor: ['IS-1'],
      waterlogging: ['WL-1', 'WL-2'],
      rain: ['RG-1'],
    });
  });

  it('gives empty groups before the assets have loaded', () => {
    expect(assetLayerFeatures(undefined)).toEqual({
      heating: [],
      indoor: [],
      waterlogging: [],
      rain: [],
    });
  });

  it('with a memoized builder, keeps the feature objects of assets a live patch left alone', () => {
    const toPoint = memoizeByObject(assetPoint);
    const before = assetLayerFeatures(city, toPoint);
    const patched = collection(
      ...city.features.map((f) =>
        f.properties.id === 'ST-1'
          ? makeAsset({ id: 'ST-1', kind: 'heat_station', status: 'alarm' })
          : f,
      ),
    );
    const after = assetLayerFeatures(patched, toPoint);
    expect(after.heating[0]).toBe(before.heating[0]);
    expect(after.heating[1]).not.toBe(before.heating[1]);
    expect(after.indoor[0]).toBe(before.indoor[0]);
  });
});
