import type { MapFeature } from './MapFeature';

/** Arrays already found to hold unique ids (feature arrays are never mutated once built). */
const checked = new WeakSet<readonly MapFeature[]>();

/** MapLibre takes diffs only for sources whose features all have distinct ids. */
export function hasUniqueIds(features: readonly MapFeature[]): boolean {
  if (checked.has(features)) return true;
  const unique = new Set(features.map((feature) => feature.id)).size === features.length;
  if (unique) checked.add(features);
  return unique;
}
