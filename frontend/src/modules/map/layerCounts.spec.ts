import type { CaseDto } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { makeIncident } from '../incidents/makeIncident';
import { layerCounts } from './layerCounts';
import { makeAsset } from './makeAsset';

describe('layerCounts', () => {
  it('counts assets per group, open cases and located incidents', () => {
    const counts = layerCounts(
      {
        type: 'FeatureCollection',
        features: [
          makeAsset({ id: '1', kind: 'heat_source' }),
          makeAsset({ id: '2', kind: 'heat_station' }),
          makeAsset({ id: '3', kind: 'indoor_sensor' }),
          makeAsset({ id: '4', domain: 'waterlogging', kind: 'low_road' }),
          makeAsset({ id: '5', domain: 'waterlogging', kind: 'rain_gauge' }),
        ],
      },
      [{ status: 'open' }, { status: 'in_progress' }, { status: 'closed' }] as CaseDto[],
      [makeIncident({ id: 'a' }), makeIncident({ id: 'b', location: null })],
    );
    expect(counts).toEqual({
      heating: 2,
      indoor: 1,
      waterlogging: 1,
      rain: 1,
      cases: 2,
      incidents: 1,
    });
  });

  it('is all zero before anything has loaded', () => {
    expect(Object.values(layerCounts(undefined, undefined, [])).every((n) => n === 0)).toBe(true);
  });
});
