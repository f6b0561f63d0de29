import { describe, expect, it } from 'vitest';
import { placePickCard } from './MapCanvasProps';
import { pickFromFeatures } from './mapPick';

const at: [number, number] = [117.2, 39.1];
const point = (coordinates: unknown) => ({ type: 'Point', coordinates });

describe('pickFromFeatures', () => {
  it('picks the topmost asset in a pickable layer, at the asset point', () => {
    expect(
      pickFromFeatures(
        [
          { layer: { id: 'districts-fill' }, properties: { code: '120101' } },
          {
            layer: { id: 'heating-circles' },
            properties: { id: 'HS-1' },
            geometry: point([117.3, 39.2]),
          },
          { layer: { id: 'rain-circles' }, properties: { id: 'RG-1' }, geometry: point([117, 39]) },
        ],
        at,
      ),
    ).toEqual({ kind: 'asset', id: 'HS-1', lngLat: [117.3, 39.2] });
  });

  it('picks a case from the case points and a cluster (to zoom into) from the clusters', () => {
    expect(
      pickFromFeatures([{ layer: { id: 'cases-points' }, properties: { id: 'C-9' } }], at),
    ).toEqual({ kind: 'case', id: 'C-9', lngLat: at });
    expect(
      pickFromFeatures(
        [
          {
            layer: { id: 'cases-clusters' },
            properties: { point_count: 12 },
            geometry: point([1, 2]),
          },
        ],
        at,
      ),
    ).toEqual({ kind: 'cluster', lngLat: [1, 2] });
  });

  it('picks nothing on the heatmap, the links, or features without a usable id', () => {
    expect(
      pickFromFeatures(
        [
          { layer: { id: 'indoor-heatmap' }, properties: { id: 'IN-1' } },
          { layer: { id: 'heating-links' }, properties: { id: 'HS-2' } },
          { layer: { id: 'waterlogging-circles' }, properties: { id: 42 } },
          { layer: { id: 'waterlogging-circles' }, properties: null },
          { properties: { id: 'no-layer' } },
        ],
        at,
      ),
    ).toBeNull();
    expect(pickFromFeatures([], at)).toBeNull();
  });

  it('falls back to the clicked point when the geometry is not a usable point', () => {
    expect(
      pickFromFeatures(
        [
          {
            layer: { id: 'indoor-circles' },
            properties: { id: 'IN-2' },
            geometry: point(['a', null]),
          },
        ],
        at,
      ),
    ).toEqual({ kind: 'asset', id: 'IN-2', lngLat: at });
  });
});

describe('placePickCard', () => {
  const card = { lngLat: [117.2, 39.1] as [number, number], node: null };
  const at = (y: number) => ({ project: () => ({ y }) });

  it('opens the card below a point near the top edge, above it elsewhere', () => {
    expect(placePickCard(at(120), card)?.below).toBe(true);
    expect(placePickCard(at(600), card)?.below).toBe(false);
  });

  it('leaves no card, or a card before the map exists, as it is', () => {
    expect(placePickCard(at(120), null)).toBeNull();
    expect(placePickCard(null, card)).toBe(card);
  });
});
