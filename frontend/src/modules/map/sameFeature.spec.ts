import { describe, expect, it } from 'vitest';
import type { MapFeature } from './MapFeature';
import { sameCoordinates, sameFeature } from './sameFeature';

const point = (properties: Record<string, unknown>, coordinates = [1, 2]) =>
  ({
    type: 'Feature',
    id: 'a',
    geometry: { type: 'Point', coordinates },
    properties,
  }) as MapFeature;

describe('sameFeature', () => {
  it('is true for equal geometry and shallowly equal properties', () => {
    expect(sameFeature(point({ a: 1, b: 'x' }), point({ b: 'x', a: 1 }))).toBe(true);
  });

  it('is false when a property differs, is added or removed, or the point moved', () => {
    expect(sameFeature(point({ a: 1 }), point({ a: 2 }))).toBe(false);
    expect(sameFeature(point({ a: 1 }), point({ a: 1, b: 1 }))).toBe(false);
    expect(sameFeature(point({ a: 1, b: 1 }), point({ a: 1 }))).toBe(false);
    expect(sameFeature(point({}), point({}, [1, 3]))).toBe(false);
  });
});

describe('sameCoordinates', () => {
  it('compares nested arrays number by number', () => {
    expect(
      sameCoordinates(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toBe(true);
    expect(
      sameCoordinates(
        [[1, 2]],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toBe(false);
    expect(sameCoordinates([1, 2], [1, 2.0001])).toBe(false);
  });
});
