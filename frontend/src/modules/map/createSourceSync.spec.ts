import type { FeatureCollection } from 'geojson';
import type { GeoJSONSourceDiff } from 'maplibre-gl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSourceSync, type SourceHost } from './createSourceSync';
import type { MapFeature } from './MapFeature';
import { recordMapUpdate } from './mapUpdateStats';

vi.mock('./mapUpdateStats', () => ({ recordMapUpdate: vi.fn() }));

const point = (id: string, colorKey = 'ok') =>
  ({
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [117, 39] },
    properties: { id, colorKey },
  }) as MapFeature;
const many = (n: number) => Array.from({ length: n }, (_, i) => point(`f${i}`));

function fakeSource(withDiffs = true) {
  return {
    setData: vi.fn((_data: FeatureCollection) => undefined),
    ...(withDiffs ? { updateData: vi.fn((_diff: GeoJSONSourceDiff) => Promise.resolve()) } : {}),
  };
}

function fakeMap(source: object | undefined): SourceHost & { source: object | undefined } {
  const host = {
    source,
    getSource: () => host.source,
    on: vi.fn(),
    off: vi.fn(),
  };
  return host;
}

afterEach(() => vi.mocked(recordMapUpdate).mockClear());

describe('createSourceSync', () => {
  it('loads whole data first, then sends a diff for a live change, and counts both', () => {
    const source = fakeSource();
    const map = fakeMap(source);
    const sync = createSourceSync('heating');
    const first = many(10);
    sync(map, first, true);
    expect(source.setData).toHaveBeenCalledTimes(1);
    const next = first.map((f, i) => (i === 2 ? point('f2', 'red') : f));
    sync(map, next, true);
    expect(source.updateData).toHaveBeenCalledTimes(1);
    expect(source.updateData!.mock.calls[0]![0].update).toEqual([
      { id: 'f2', addOrUpdateProperties: [{ key: 'colorKey', value: 'red' }] },
    ]);
    expect(source.setData).toHaveBeenCalledTimes(1);
    expect(vi.mocked(recordMapUpdate).mock.calls.map((call) => call[1])).toEqual([
      'setData',
      'updateData',
    ]);
  });

  it('does nothing before the source exists, nor for the array it already sent', () => {
    const map = fakeMap(undefined);
    const sync = createSourceSync('heating');
    const features = many(3);
    sync(map, features, true);
    const source = fakeSource();
    map.source = source;
    sync(map, features, true);
    sync(map, features, true);
    expect(source.setData).toHaveBeenCalledTimes(1);
  });

  it('feeds a re-added source everything anew', () => {
    const map = fakeMap(fakeSource());
    const sync = createSourceSync('heating');
    const features = many(3);
    sync(map, features, true);
    const again = fakeSource();
    map.source = again;
    sync(map, features, true);
    expect(again.setData).toHaveBeenCalledTimes(1);
    expect(again.setData.mock.calls[0]![0].features).toHaveLength(3);
  });

  it('uses setData for an engine without MapLibre diffs', () => {
    const source = fakeSource(false);
    const map = fakeMap(source);
    const sync = createSourceSync('heating');
    const first = many(10);
    sync(map, first, false);
    sync(
      map,
      first.map((f, i) => (i === 0 ? point('f0', 'red') : f)),
      false,
    );
    expect(source.setData).toHaveBeenCalledTimes(2);
  });

  it('reloads the whole data when the source refuses a diff', async () => {
    const source = fakeSource();
    source.updateData = vi.fn(() => Promise.reject(new Error('not updateable')));
    const map = fakeMap(source);
    const sync = createSourceSync('cases');
    const first = many(10);
    sync(map, first, true);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    sync(
      map,
      first.map((f, i) => (i === 0 ? point('f0', 'red') : f)),
      true,
    );
    await vi.waitFor(() => expect(source.setData).toHaveBeenCalledTimes(2));
  });
});
