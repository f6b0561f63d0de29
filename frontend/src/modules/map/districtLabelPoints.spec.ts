import { describe, expect, it } from 'vitest';
import { districtLabelPoints } from './districtLabelPoints';

describe('districtLabelPoints', () => {
  it('names all 16 districts when zoomed in on the centre', () => {
    expect(districtLabelPoints(11)).toHaveLength(16);
  });

  it('merges the six central districts into one label at city scale', () => {
    const points = districtLabelPoints(8.3);
    expect(points).toHaveLength(11);
    const merged = points.find((p) => p.code === null);
    expect(merged?.lngLat[0]).toBeCloseTo(117.19, 1);
    expect(merged?.lngLat[1]).toBeCloseTo(39.13, 1);
    expect(points.some((p) => p.code === '120101')).toBe(false);
    expect(points.some((p) => p.code === '120119')).toBe(true);
  });
});
