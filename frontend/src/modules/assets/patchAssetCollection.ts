import type { AssetCollection, AssetFeature } from '@cityops/contracts';

type Features = AssetCollection['features'];

/** Position of each asset id in a cached features array, carried over to the patched array. */
const positions = new WeakMap<Features, Map<string, number>>();

function positionsOf(features: Features): Map<string, number> {
  let index = positions.get(features);
  if (!index) {
    index = new Map(features.map((feature, i) => [feature.properties.id, i]));
    positions.set(features, index);
  }
  return index;
}

/**
 * The cached assets after a batch of `asset.updated` events: each asset is replaced in place (the
 * last one wins), or appended if new. Untouched assets keep their objects, so the map skips them at a
 * glance; the id → position index is kept with the array, so a batch costs one array copy, not a
 * search per event.
 */
export function patchAssetCollection(
  collection: AssetCollection | undefined,
  updates: readonly AssetFeature[],
): AssetCollection | undefined {
  if (!collection || updates.length === 0) return collection;
  const index = positionsOf(collection.features);
  const features = collection.features.slice();
  let nextIndex = index;
  for (const feature of updates) {
    const id = feature.properties.id;
    const at = nextIndex.get(id);
    if (at !== undefined) {
      features[at] = feature;
    } else {
      if (nextIndex === index) nextIndex = new Map(index);
      nextIndex.set(id, features.length);
      features.push(feature);
    }
  }
  positions.set(features, nextIndex);
  return { ...collection, features };
}
