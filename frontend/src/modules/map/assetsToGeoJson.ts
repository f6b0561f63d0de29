import { severityRank, type AssetCollection, type AssetKind } from '@cityops/contracts';
import type { FeatureCollection, Point } from 'geojson';

/** Circle radius in pixels at zoom 10, by kind: the network's backbone large, household sensors small. */
const RADIUS_BY_KIND: Record<AssetKind, number> = {
  heat_source: 9,
  heat_station: 6,
  underpass: 6,
  low_road: 5,
  rain_gauge: 4,
  indoor_sensor: 2.5,
};
const ALARM_GROWTH = 1.5;

type ColorKey =
  'red' | 'orange' | 'yellow' | 'blue' | 'alarm' | 'ok' | 'offline' | 'unknown' | 'suspect';

interface AssetPointProperties {
  id: string;
  kind: AssetKind;
  name: string;
  /** What the layer colours by: the worst open incident's severity, else the status. */
  colorKey: ColorKey;
  radius: number;
  /** Higher draws on top: red above orange above … above healthy above offline. */
  sortKey: number;
}

/**
 * The assets answer as the GeoJSON the `assets-circles` layer draws, with colour, size and draw order
 * precomputed so the layer's expressions stay simple lookups.
 */
export function assetsToGeoJson(
  collection: AssetCollection | undefined,
): FeatureCollection<Point, AssetPointProperties> {
  return {
    type: 'FeatureCollection',
    features: (collection?.features ?? []).map((feature) => {
      const { id, kind, name, status, severity } = feature.properties;
      const colorKey: ColorKey = severity ?? status;
      const inTrouble = severity !== null || status === 'alarm';
      return {
        type: 'Feature',
        id,
        geometry: {
          type: 'Point',
          coordinates: [feature.geometry.coordinates[0], feature.geometry.coordinates[1]],
        },
        properties: {
          id,
          kind,
          name,
          colorKey,
          radius: RADIUS_BY_KIND[kind] + (inTrouble ? ALARM_GROWTH : 0),
          sortKey: severity
            ? 3 + severityRank(severity)
            : status === 'alarm'
              ? 2
              : status === 'ok'
                ? 1
                : 0,
        },
      };
    }),
  };
}
