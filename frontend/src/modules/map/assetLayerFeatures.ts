import type { AssetCollection, AssetFeature } from '@cityops/contracts';
import type { Point } from 'geojson';
import { assetLayerGroup, type AssetLayerGroup } from './assetLayerGroup';
import { assetPoint, type AssetPointProperties } from './assetPoint';
import type { MapFeature } from './MapFeature';

export type AssetPointFeature = MapFeature<Point, AssetPointProperties>;

/**
 * The assets answer split into the point features of each asset layer group (one map source each):
 * heat sources and stations, indoor sensors, waterlogging points, rain gauges. `toPoint` may be a
 * memoized assetPoint, so that unchanged assets give the very same feature objects.
 */
export function assetLayerFeatures(
  collection: AssetCollection | undefined,
  toPoint: (feature: AssetFeature) => AssetPointFeature = assetPoint,
): Record<AssetLayerGroup, AssetPointFeature[]> {
  const groups: Record<AssetLayerGroup, AssetPointFeature[]> = {
    heating: [],
    indoor: [],
    waterlogging: [],
    rain: [],
  };
  for (const feature of collection?.features ?? [])
    groups[assetLayerGroup[feature.properties.kind]].push(toPoint(feature));
  return groups;
}
