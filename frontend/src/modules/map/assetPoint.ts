import { severityRank, type AssetFeature, type AssetKind } from '@cityops/contracts';
import type { Point } from 'geojson';
import type { AssetColorKey } from './AssetColorKey';
import { indoorWeight } from './indoorWeight';
import type { MapFeature } from './MapFeature';

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
/** A rain gauge grows with the rain: +10 px at this intensity and above. */
const HEAVY_RAIN_MMH = 50;
const RAIN_GROWTH = 10;

export interface AssetPointProperties extends Record<string, unknown> {
  id: string;
  kind: AssetKind;
  name: string;
  colorKey: AssetColorKey;
  radius: number;
  /** Higher draws on top: red above orange above … above healthy above offline. */
  sortKey: number;
  /** Indoor sensors: heatmap weight, 0..1 (see indoorWeight). */
  weight?: number;
  /** Underpasses and low roads: water depth in whole centimetres (0 when dry or unknown). */
  depthCm?: number;
  /** Rain gauges: rainfall intensity, mm/h to one decimal. */
  rainfallMmH?: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * One asset as the point its layer draws, with colour, size and draw order precomputed so the layer
 * expressions stay lookups. Values are rounded so that a new reading that changes nothing visible
 * gives an equal feature (and no map update).
 */
export function assetPoint(feature: AssetFeature): MapFeature<Point, AssetPointProperties> {
  const { properties } = feature;
  const { id, kind, name, status, severity, latest } = properties;
  const inTrouble = severity !== null || status === 'alarm';
  let radius = RADIUS_BY_KIND[kind] + (inTrouble ? ALARM_GROWTH : 0);
  const extra: Partial<AssetPointProperties> = {};
  if (kind === 'indoor_sensor') extra.weight = indoorWeight(properties);
  if (kind === 'underpass' || kind === 'low_road')
    extra.depthCm = Math.max(0, Math.round(latest.depthCm ?? 0));
  if (kind === 'rain_gauge') {
    const rainfall = Math.max(0, round1(latest.rainfallMmH ?? 0));
    extra.rainfallMmH = rainfall;
    radius += round1((Math.min(rainfall, HEAVY_RAIN_MMH) / HEAVY_RAIN_MMH) * RAIN_GROWTH);
  }
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
      colorKey: severity ?? status,
      radius,
      sortKey: severity
        ? 3 + severityRank(severity)
        : status === 'alarm'
          ? 2
          : status === 'ok'
            ? 1
            : 0,
      ...extra,
    },
  };
}
