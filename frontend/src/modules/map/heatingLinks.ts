import type { AssetCollection } from '@cityops/contracts';
import type { LineString } from 'geojson';
import type { AssetColorKey } from './AssetColorKey';
import type { MapFeature } from './MapFeature';

interface HeatingLinkProperties extends Record<string, unknown> {
  /** The station's id (also the feature's id: a station has one parent). */
  id: string;
  sourceId: string;
  /** The station's colour key, so a station in trouble shows on its link too. */
  colorKey: AssetColorKey;
}

/**
 * One line from each heat station to its parent heat source (`parentId`), for the `heating-links`
 * layer. Stations without a parent, or whose parent is not a heat source in the collection, get none.
 */
export function heatingLinks(
  collection: AssetCollection | undefined,
): MapFeature<LineString, HeatingLinkProperties>[] {
  const features = collection?.features ?? [];
  const sources = new Map(
    features
      .filter((f) => f.properties.kind === 'heat_source')
      .map((f) => [f.properties.id, f.geometry.coordinates] as const),
  );
  return features.flatMap((station) => {
    const { id, kind, parentId, severity, status } = station.properties;
    const source = kind === 'heat_station' && parentId ? sources.get(parentId) : undefined;
    if (!source) return [];
    return [
      {
        type: 'Feature' as const,
        id,
        geometry: {
          type: 'LineString' as const,
          coordinates: [
            [station.geometry.coordinates[0], station.geometry.coordinates[1]],
            [source[0], source[1]],
          ],
        },
        properties: { id, sourceId: parentId!, colorKey: severity ?? status },
      },
    ];
  });
}
