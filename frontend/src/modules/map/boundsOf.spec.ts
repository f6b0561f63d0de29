import { describe, expect, it } from 'vitest';
import { boundsOf } from './boundsOf';
import { cityBounds } from './cityBounds';

describe('boundsOf', () => {
  it('spans polygons and multipolygons alike', () => {
    const box = boundsOf({
      features: [
        {
          geometry: {
            coordinates: [
              [
                [1, 2],
                [3, 4],
                [1, 4],
              ],
            ],
          },
        },
        {
          geometry: {
            coordinates: [
              [
                [
                  [-1, 0],
                  [0, 5],
                  [2, 1],
                ],
              ],
            ],
          },
        },
      ],
    });
    expect(box).toEqual([-1, 0, 3, 5]);
  });

  it('frames the whole of Tianjin', () => {
    const [west, south, east, north] = cityBounds;
    expect(west).toBeGreaterThan(116.5);
    expect(west).toBeLessThan(117);
    expect(east).toBeGreaterThan(117.9);
    expect(east).toBeLessThan(118.3);
    expect(south).toBeGreaterThan(38.4);
    expect(south).toBeLessThan(38.7);
    expect(north).toBeGreaterThan(40.1);
    expect(north).toBeLessThan(40.4);
  });
});
