import type { AssetCollection } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { heatingLinks } from './heatingLinks';
import { makeAsset } from './makeAsset';

const collection = (...features: ReturnType<typeof makeAsset>[]): AssetCollection => ({
  type: 'FeatureCollection',
  features,
});

describe('heatingLinks', () => {
  it('draws a line from each station to its heat source, coloured like the station', () => {
    const links = heatingLinks(
      collection(
        makeAsset({ id: 'HS-1', kind: 'heat_source' }, [117.1, 39.1]),
        makeAsset(
          { id: 'ST-1', kind: 'heat_station', parentId: 'HS-1', severity: 'orange' },
          [117.2, 39.2],
        ),
      ),
    );
    expect(links).toEqual([
      {
        type: 'Feature',
        id: 'ST-1',
        geometry: {
          type: 'LineString',
          coordinates: [
            [117.2, 39.2],
            [117.1, 39.1],
          ],
        },
        properties: { id: 'ST-1', sourceId: 'HS-1', colorKey: 'orange' },
      },
    ]);
  });

  it('links nothing without a parent, with an unknown parent, or for other kinds', () => {
    const links = heatingLinks(
      collection(
        makeAsset({ id: 'HS-1', kind: 'heat_source' }),
        makeAsset({ id: 'ST-1', kind: 'heat_station', parentId: null }),
        makeAsset({ id: 'ST-2', kind: 'heat_station', parentId: 'HS-404' }),
        makeAsset({ id: 'IS-1', kind: 'indoor_sensor', parentId: 'HS-1' }),
        makeAsset({ id: 'ST-3', kind: 'heat_station', parentId: 'ST-1' }),
      ),
    );
    expect(links).toEqual([]);
    expect(heatingLinks(undefined)).toEqual([]);
  });
});
