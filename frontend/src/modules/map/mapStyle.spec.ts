import { describe, expect, it } from 'vitest';
import { mapStyle } from './mapStyle';

describe('mapStyle', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`${theme}: needs no server (no glyphs, sprite, tiles or URLs)`, () => {
      const style = mapStyle[theme];
      expect(style.glyphs).toBeUndefined();
      expect(style.sprite).toBeUndefined();
      expect(style.layers.some((layer) => layer.type === 'symbol')).toBe(false);
      expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
    });

    it(`${theme}: draws a background and the 16 district boundaries`, () => {
      const style = mapStyle[theme];
      expect(style.layers.map((layer) => layer.id)).toEqual([
        'background',
        'districts-fill',
        'districts-glow',
        'districts-line',
      ]);
      const source = style.sources.districts;
      expect(source?.type).toBe('geojson');
      const data =
        source && 'data' in source ? (source.data as { features: unknown[] }) : { features: [] };
      expect(data.features).toHaveLength(16);
    });
  }
});
