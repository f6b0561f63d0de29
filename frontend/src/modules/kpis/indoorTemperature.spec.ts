import { describe, expect, it } from 'vitest';
import type { AssetCollection, AssetFeature } from '@cityops/contracts';
import { makeAsset } from '../map/makeAsset';
import { indoorTemperature } from './indoorTemperature';

const collection = (...features: AssetFeature[]): AssetCollection => ({
  type: 'FeatureCollection',
  features,
});
const sensor = (id: string, indoorTempC: number | undefined, status = 'ok' as const) =>
  makeAsset({
    id,
    kind: 'indoor_sensor',
    status,
    latest: indoorTempC === undefined ? {} : { indoorTempC },
  });

describe('indoorTemperature', () => {
  it('averages the online indoor sensors to one decimal and says over how many', () => {
    expect(
      indoorTemperature(
        collection(
          sensor('IS-1', 20),
          sensor('IS-2', 19.25),
          makeAsset({
            id: 'IS-3',
            kind: 'indoor_sensor',
            status: 'alarm',
            latest: { indoorTempC: 16 },
          }),
        ),
      ),
    ).toEqual({ meanC: 18.4, sensors: 3 });
  });

  it('leaves out offline, unknown and suspect sensors, other kinds and sensors without a value', () => {
    expect(
      indoorTemperature(
        collection(
          sensor('IS-1', 21),
          makeAsset({
            id: 'IS-2',
            kind: 'indoor_sensor',
            status: 'offline',
            latest: { indoorTempC: 5 },
          }),
          makeAsset({
            id: 'IS-3',
            kind: 'indoor_sensor',
            status: 'suspect',
            latest: { indoorTempC: 40 },
          }),
          makeAsset({
            id: 'IS-4',
            kind: 'indoor_sensor',
            status: 'unknown',
            latest: { indoorTempC: 0 },
          }),
          makeAsset({ id: 'HS-1', kind: 'heat_station', latest: { indoorTempC: 80 } }),
          sensor('IS-5', undefined),
        ),
      ),
    ).toEqual({ meanC: 21, sensors: 1 });
  });

  it('has no mean when no sensor reports', () => {
    expect(indoorTemperature(undefined)).toEqual({ meanC: null, sensors: 0 });
    expect(indoorTemperature(collection(sensor('IS-1', 20, 'offline' as never)))).toEqual({
      meanC: null,
      sensors: 0,
    });
  });
});
