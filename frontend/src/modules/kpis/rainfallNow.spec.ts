import type { AssetCollection, AssetFeature } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { makeAsset } from '../map/makeAsset';
import { rainfallNow } from './rainfallNow';

const collection = (...features: AssetFeature[]): AssetCollection => ({
  type: 'FeatureCollection',
  features,
});
const gauge = (
  id: string,
  rainfallMmH: number | undefined,
  lastSeenAt: string | null = '2026-07-20T12:00:00Z',
  overrides: Partial<AssetFeature['properties']> = {},
) =>
  makeAsset({
    id,
    domain: 'waterlogging',
    kind: 'rain_gauge',
    latest: rainfallMmH === undefined ? {} : { rainfallMmH },
    lastSeenAt,
    ...overrides,
  });

describe('rainfallNow', () => {
  it('gives the highest and mean intensity of the online gauges, to one decimal', () => {
    expect(
      rainfallNow(
        collection(
          gauge('RG-1', 12.44),
          gauge('RG-2', 0),
          gauge('RG-3', 3.3, '2026-07-20T11:58:00Z'),
        ),
      ),
    ).toEqual({ maxMmH: 12.4, meanMmH: 5.2, gauges: 3, level: null });
  });

  it('leaves out gauges that have not reported within the window before the newest reading', () => {
    const figures = rainfallNow(
      collection(gauge('RG-1', 8), gauge('RG-2', 40, '2026-07-20T11:44:00Z')),
    );
    expect(figures).toMatchObject({ maxMmH: 8, meanMmH: 8, gauges: 1 });
  });

  it('leaves out offline and suspect gauges, other kinds, and gauges without a value or a time', () => {
    const figures = rainfallNow(
      collection(
        gauge('RG-1', 2),
        gauge('RG-2', 90, undefined, { status: 'offline' }),
        gauge('RG-3', 90, undefined, { status: 'suspect' }),
        gauge('UP-1', 90, undefined, { kind: 'underpass' }),
        gauge('RG-4', undefined),
        gauge('RG-5', 90, null),
      ),
    );
    expect(figures).toMatchObject({ maxMmH: 2, gauges: 1 });
  });

  it("takes the rainstorm signal's level from the most severe open incident on those gauges", () => {
    const figures = rainfallNow(
      collection(
        gauge('RG-1', 30, undefined, { status: 'alarm', severity: 'yellow' }),
        gauge('RG-2', 50, undefined, { status: 'alarm', severity: 'orange' }),
        gauge('RG-3', 1),
      ),
    );
    expect(figures.level).toBe('orange');
  });

  it('has no figures when no gauge reports', () => {
    expect(rainfallNow(undefined)).toEqual({ maxMmH: null, meanMmH: null, gauges: 0, level: null });
  });
});
