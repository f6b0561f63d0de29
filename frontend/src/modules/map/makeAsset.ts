import type { AssetFeature } from '@cityops/contracts';

/** A valid AssetFeature with sensible defaults, for unit tests. */
export function makeAsset(
  overrides: Partial<AssetFeature['properties']> = {},
  coordinates: [number, number] = [117.2, 39.13],
): AssetFeature {
  const properties: AssetFeature['properties'] = {
    id: 'HS-0001',
    domain: 'heating',
    kind: 'heat_station',
    name: '南开 1 号换热站',
    district: '120104',
    parentId: null,
    status: 'ok',
    severity: null,
    latest: { supplyTempC: 72.5 },
    lastSeenAt: '2026-11-26T00:00:00Z',
    ...overrides,
  };
  return {
    type: 'Feature',
    id: properties.id,
    geometry: { type: 'Point', coordinates },
    properties,
  };
}
