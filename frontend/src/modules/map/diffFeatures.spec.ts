import { describe, expect, it } from 'vitest';
import { diffFeatures } from './diffFeatures';
import type { MapFeature } from './MapFeature';

const point = (id: string, properties: Record<string, unknown> = {}, at = [117, 39]) =>
  ({
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: at },
    properties: { id, ...properties },
  }) as MapFeature;

describe('diffFeatures', () => {
  it('adds new ids, removes missing ones and updates changed ones', () => {
    const a = point('a', { colorKey: 'ok' });
    const b = point('b');
    const { diff, changed } = diffFeatures(
      [a, b, point('c')],
      [point('a', { colorKey: 'red' }), b, point('d')],
    );
    expect(diff.add.map((f) => f.id)).toEqual(['d']);
    expect(diff.remove).toEqual(['c']);
    expect(diff.update).toEqual([
      { id: 'a', addOrUpdateProperties: [{ key: 'colorKey', value: 'red' }] },
    ]);
    expect(changed).toBe(3);
  });

  it('skips the very same feature objects without looking inside', () => {
    const features = [point('a'), point('b')];
    expect(diffFeatures(features, [...features]).changed).toBe(0);
  });

  it('skips a new object that draws the same (a refetch of unchanged data)', () => {
    expect(diffFeatures([point('a', { radius: 6 })], [point('a', { radius: 6 })]).changed).toBe(0);
  });

  it('sends a moved feature its new geometry only', () => {
    const { diff } = diffFeatures([point('a', {}, [117, 39])], [point('a', {}, [117.5, 39])]);
    expect(diff.update).toEqual([
      { id: 'a', newGeometry: { type: 'Point', coordinates: [117.5, 39] } },
    ]);
  });

  it('removes properties the new version no longer has', () => {
    const { diff } = diffFeatures([point('a', { weight: 0.5 })], [point('a')]);
    expect(diff.update).toEqual([{ id: 'a', removeProperties: ['weight'] }]);
  });

  it('compares line geometries point by point', () => {
    const line = (id: string, coordinates: number[][]) =>
      ({
        type: 'Feature',
        id,
        geometry: { type: 'LineString', coordinates },
        properties: {},
      }) as MapFeature;
    const before = [
      line('s', [
        [1, 2],
        [3, 4],
      ]),
    ];
    expect(
      diffFeatures(before, [
        line('s', [
          [1, 2],
          [3, 4],
        ]),
      ]).changed,
    ).toBe(0);
    expect(
      diffFeatures(before, [
        line('s', [
          [1, 2],
          [3, 5],
        ]),
      ]).changed,
    ).toBe(1);
  });
});
