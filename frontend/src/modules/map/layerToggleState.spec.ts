import { describe, expect, it } from 'vitest';
import {
  ALL_LAYERS_ON,
  layerToggleKey,
  parseLayerToggles,
  serializeLayerToggles,
  toggleLayer,
} from './layerToggleState';

describe('layer toggle state', () => {
  it('is all on by default, and when storage holds nothing readable', () => {
    expect(parseLayerToggles(null)).toEqual(ALL_LAYERS_ON);
    expect(parseLayerToggles('not json')).toEqual(ALL_LAYERS_ON);
    expect(parseLayerToggles('{"off": "cases"}')).toEqual(ALL_LAYERS_ON);
    expect(parseLayerToggles('null')).toEqual(ALL_LAYERS_ON);
    expect(Object.values(ALL_LAYERS_ON).every(Boolean)).toBe(true);
  });

  it('round-trips through storage, keeping only the groups switched off', () => {
    const state = toggleLayer(toggleLayer(ALL_LAYERS_ON, 'cases'), 'indoor');
    const stored = serializeLayerToggles(state);
    expect(JSON.parse(stored)).toEqual({ off: ['indoor', 'cases'] });
    expect(parseLayerToggles(stored)).toEqual(state);
  });

  it('ignores unknown groups and starts groups it has not stored as on', () => {
    expect(parseLayerToggles('{"off": ["rain", "trams"]}')).toEqual({
      ...ALL_LAYERS_ON,
      rain: false,
    });
  });

  it('toggles one group without touching the state it came from', () => {
    const off = toggleLayer(ALL_LAYERS_ON, 'heating');
    expect(off.heating).toBe(false);
    expect(ALL_LAYERS_ON.heating).toBe(true);
    expect(toggleLayer(off, 'heating')).toEqual(ALL_LAYERS_ON);
  });

  it('keeps each page under its own key', () => {
    expect(layerToggleKey('wall')).not.toBe(layerToggleKey('console'));
  });
});
