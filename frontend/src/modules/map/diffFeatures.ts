import type { GeoJSONFeatureDiff, GeoJSONSourceDiff } from 'maplibre-gl';
import type { MapFeature } from './MapFeature';
import { sameFeature, sameGeometry } from './sameFeature';

export interface FeatureDiff {
  /** MapLibre's diff: `add` for new ids, `update` (changed geometry and properties only), `remove`. */
  diff: Required<Pick<GeoJSONSourceDiff, 'add' | 'update' | 'remove'>>;
  /** How many features the diff touches. */
  changed: number;
}

function featureUpdate(before: MapFeature, after: MapFeature): GeoJSONFeatureDiff {
  const update: GeoJSONFeatureDiff = { id: after.id };
  if (!sameGeometry(before.geometry, after.geometry)) update.newGeometry = after.geometry;
  const old = before.properties ?? {};
  const next = after.properties ?? {};
  const changed = Object.keys(next)
    .filter((key) => !Object.is(old[key], next[key]))
    .map((key) => ({ key, value: next[key] }));
  const removed = Object.keys(old).filter((key) => !(key in next));
  if (changed.length) update.addOrUpdateProperties = changed;
  if (removed.length) update.removeProperties = removed;
  return update;
}

/**
 * What changed between two versions of a source's features, matched by id: features only in `next`
 * are added, only in `previous` removed, and in both updated unless they draw the same (the same
 * object, which is the usual case for untouched assets, or equal geometry and properties).
 * Both arrays must hold unique ids (see `hasUniqueIds`).
 */
export function diffFeatures(
  previous: readonly MapFeature[],
  next: readonly MapFeature[],
): FeatureDiff {
  const before = new Map(previous.map((feature) => [feature.id, feature]));
  const add: MapFeature[] = [];
  const update: GeoJSONFeatureDiff[] = [];
  for (const feature of next) {
    const old = before.get(feature.id);
    before.delete(feature.id);
    if (!old) add.push(feature);
    else if (!sameFeature(old, feature)) update.push(featureUpdate(old, feature));
  }
  const remove = [...before.keys()];
  return { diff: { add, update, remove }, changed: add.length + update.length + remove.length };
}
