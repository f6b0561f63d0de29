import type { FeatureCollection } from 'geojson';
import type { GeoJSONSourceDiff } from 'maplibre-gl';
import { diffFeatures } from './diffFeatures';
import { hasUniqueIds } from './hasUniqueIds';
import type { MapFeature } from './MapFeature';

export type SourceUpdatePlan =
  | { kind: 'none' }
  | { kind: 'setData'; data: FeatureCollection; reason: 'first' | 'no-diffs' | 'bulk' | 'ids' }
  | { kind: 'updateData'; diff: GeoJSONSourceDiff; changed: number };

interface PlanOptions {
  /** The engine takes MapLibre diffs (`GeoJSONSource.updateData`). Mapbox GL does not: setData. */
  diffs: boolean;
  /** Above this share of changed features, one setData is cheaper than the diff. */
  maxChangedShare?: number;
}

/**
 * How to bring a GeoJSON source from what it holds (`previous`) to `next`: nothing when nothing
 * visible changed; the whole data (setData) for the first load, when the engine takes no diffs, when
 * most features changed, or when ids are not unique; else a diff (updateData).
 */
export function planSourceUpdate(
  previous: readonly MapFeature[],
  next: readonly MapFeature[],
  { diffs, maxChangedShare = 0.5 }: PlanOptions,
): SourceUpdatePlan {
  if (previous === next) return { kind: 'none' };
  const data = (): FeatureCollection => ({ type: 'FeatureCollection', features: [...next] });
  if (previous.length === 0)
    return next.length === 0
      ? { kind: 'none' }
      : { kind: 'setData', data: data(), reason: 'first' };
  if (!hasUniqueIds(next) || !hasUniqueIds(previous))
    return { kind: 'setData', data: data(), reason: 'ids' };
  const { diff, changed } = diffFeatures(previous, next);
  if (changed === 0) return { kind: 'none' };
  if (!diffs) return { kind: 'setData', data: data(), reason: 'no-diffs' };
  if (changed > maxChangedShare * Math.max(previous.length, next.length))
    return { kind: 'setData', data: data(), reason: 'bulk' };
  return { kind: 'updateData', diff, changed };
}
