import { describe, expect, it } from 'vitest';
import { makeAsset } from '../map/makeAsset';
import { patchAssetCollection } from './patchAssetCollection';

const collection = (...features: ReturnType<typeof makeAsset>[]) => ({
  type: 'FeatureCollection' as const,
  features,
});

describe('patchAssetCollection', () => {
  it('replaces the updated asset in place', () => {
    const before = collection(makeAsset({ id: 'a' }), makeAsset({ id: 'b' }));
    const after = patchAssetCollection(before, [
      makeAsset({ id: 'a', status: 'alarm', severity: 'red' }),
    ]);
    expect(after?.features.map((f) => [f.properties.id, f.properties.status])).toEqual([
      ['a', 'alarm'],
      ['b', 'ok'],
    ]);
    expect(before.features[0]?.properties.status).toBe('ok');
  });

  it('keeps the objects of untouched assets (the map diffs by identity first)', () => {
    const before = collection(
      makeAsset({ id: 'a' }),
      makeAsset({ id: 'b' }),
      makeAsset({ id: 'c' }),
    );
    const after = patchAssetCollection(before, [makeAsset({ id: 'b', status: 'offline' })])!;
    expect(after.features[0]).toBe(before.features[0]);
    expect(after.features[1]).not.toBe(before.features[1]);
    expect(after.features[2]).toBe(before.features[2]);
    expect(after).not.toBe(before);
  });

  it('adds an asset it did not know (imported after the page loaded)', () => {
    const after = patchAssetCollection(collection(makeAsset({ id: 'a' })), [
      makeAsset({ id: 'new' }),
    ]);
    expect(after?.features.map((f) => f.properties.id)).toEqual(['a', 'new']);
  });

  it('applies a batch in order: the last event of an asset wins, a new asset is added once', () => {
    const before = collection(makeAsset({ id: 'a' }), makeAsset({ id: 'b' }));
    const after = patchAssetCollection(before, [
      makeAsset({ id: 'b', status: 'alarm' }),
      makeAsset({ id: 'new', status: 'ok' }),
      makeAsset({ id: 'b', status: 'offline' }),
      makeAsset({ id: 'new', status: 'alarm' }),
    ])!;
    expect(after.features.map((f) => [f.properties.id, f.properties.status])).toEqual([
      ['a', 'ok'],
      ['b', 'offline'],
      ['new', 'alarm'],
    ]);
  });

  it('patches a patched collection correctly (the kept index follows the array)', () => {
    let current = collection(makeAsset({ id: 'a' }), makeAsset({ id: 'b' }));
    current = patchAssetCollection(current, [makeAsset({ id: 'c' })])!;
    current = patchAssetCollection(current, [
      makeAsset({ id: 'c', status: 'offline' }),
      makeAsset({ id: 'a', status: 'alarm' }),
    ])!;
    expect(current.features.map((f) => [f.properties.id, f.properties.status])).toEqual([
      ['a', 'alarm'],
      ['b', 'ok'],
      ['c', 'offline'],
    ]);
  });

  it('leaves an empty cache empty and an empty batch a no-op', () => {
    expect(patchAssetCollection(undefined, [makeAsset()])).toBeUndefined();
    const before = collection(makeAsset({ id: 'a' }));
    expect(patchAssetCollection(before, [])).toBe(before);
  });
});
