import type { AssetCollection, AssetFeature } from '@cityops/contracts';

/** The cached assets after an `asset.updated` event: the asset is replaced in place, or added if new. */
export function patchAssetCollection(
  collection: AssetCollection | undefined,
  feature: AssetFeature,
): AssetCollection | undefined {
  if (!collection) return collection;
  const index = collection.features.findIndex((f) => f.properties.id === feature.properties.id);
  const features =
    index < 0
      ? [...collection.features, feature]
      : collection.features.map((f, i) => (i === index ? feature : f));
  return { ...collection, features };
}
