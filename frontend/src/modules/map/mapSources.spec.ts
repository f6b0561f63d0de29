import { describe, expect, it } from 'vitest';
import { LAYER_GROUPS } from './LayerGroup';
import { mapSources } from './mapSources';
import { mapStyle } from './mapStyle';

const layers = mapSources.flatMap((source) =>
  source.layers.flatMap(({ group, layer }) => [
    { source: source.id, group, theme: 'dark', spec: layer.dark },
    { source: source.id, group, theme: 'light', spec: layer.light },
  ]),
);

describe('mapSources', () => {
  it('gives every layer group at least one layer, and every layer a unique id across themes', () => {
    expect(new Set(layers.map((l) => l.group))).toEqual(new Set(LAYER_GROUPS));
    const darkIds = layers.filter((l) => l.theme === 'dark').map((l) => l.spec.id);
    expect(new Set(darkIds).size).toBe(darkIds.length);
    const lightIds = layers.filter((l) => l.theme === 'light').map((l) => l.spec.id);
    expect(lightIds).toEqual(darkIds);
    const baseIds = mapStyle.dark.layers.map((l) => l.id);
    expect(darkIds.filter((id) => baseIds.includes(id))).toEqual([]);
  });

  it('draws each layer from the source it is mounted under', () => {
    for (const layer of layers) expect(layer.spec.source).toBe(layer.source);
  });

  it('has the public layer ids end-to-end tests query', () => {
    expect(layers.map((l) => l.spec.id)).toEqual(
      expect.arrayContaining([
        'heating-circles',
        'heating-links',
        'indoor-heatmap',
        'indoor-circles',
        'waterlogging-circles',
        'rain-circles',
        'cases-clusters',
        'cases-points',
        'incidents-halo',
      ]),
    );
  });

  it('uses no symbol layers and no text (there is no glyph server)', () => {
    for (const layer of layers) {
      expect(layer.spec.type).not.toBe('symbol');
      expect(JSON.stringify(layer.spec)).not.toMatch(/text-|icon-|glyph/);
    }
  });

  it('clusters only the cases source, counting overdue cases per cluster', () => {
    const clustered = mapSources.filter((source) => source.options?.cluster);
    expect(clustered.map((source) => source.id)).toEqual(['cases']);
    expect(clustered[0]?.options?.clusterProperties).toHaveProperty('overdueCount');
  });

  it('hands the indoor sensors from the heatmap to circles around zoom 11', () => {
    const indoor = mapSources.find((source) => source.id === 'indoor')!;
    const heatmap = indoor.layers[0]!.layer.dark;
    const circles = indoor.layers[1]!.layer.dark;
    expect(heatmap.type).toBe('heatmap');
    expect(heatmap.maxzoom).toBeGreaterThan(11);
    expect(circles.minzoom).toBeLessThan(11);
  });
});
