import { describe, expect, it } from 'vitest';
import { heatingCircleLayer } from './heatingLayers';
import { visibleLayer } from './visibleLayer';

describe('visibleLayer', () => {
  it('sets layout.visibility and keeps the rest of the layout', () => {
    const layer = heatingCircleLayer.dark;
    expect(visibleLayer(layer, true).layout).toEqual({ ...layer.layout, visibility: 'visible' });
    expect(visibleLayer(layer, false).layout).toEqual({ ...layer.layout, visibility: 'none' });
    expect(visibleLayer(layer, false).paint).toBe(layer.paint);
  });

  it('gives the same object every time, so React re-renders change nothing on the map', () => {
    const layer = heatingCircleLayer.light;
    expect(visibleLayer(layer, true)).toBe(visibleLayer(layer, true));
    expect(visibleLayer(layer, false)).toBe(visibleLayer(layer, false));
  });
});
