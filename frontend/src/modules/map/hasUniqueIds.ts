import type { MapFeature } from './MapFeature';

/** MapLibre takes diffs only for sources whose features all have distinct ids. */
export function hasUniqueIds(features: readonly MapFeature[]): boolean {
  return new Set(features.map((feature) => feature.id)).size === features.length;
}
