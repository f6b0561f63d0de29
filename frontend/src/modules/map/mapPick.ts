import { CASE_CLUSTER_LAYER_ID, CASE_POINT_LAYER_ID } from './caseLayers';

/** Layers whose features open a card when clicked (the indoor heatmap and the links do not). */
export const ASSET_PICK_LAYERS = [
  'heating-circles',
  'indoor-circles',
  'waterlogging-circles',
  'rain-circles',
] as const;
export const PICKABLE_LAYERS: readonly string[] = [
  ...ASSET_PICK_LAYERS,
  CASE_POINT_LAYER_ID,
  CASE_CLUSTER_LAYER_ID,
];

/** What a click on the map picked: an asset or a case (a card opens), or a cluster (zoom in). */
export type MapPick =
  | { kind: 'asset' | 'case'; id: string; lngLat: [number, number] }
  | { kind: 'cluster'; lngLat: [number, number] };

/** The part of a rendered feature a pick needs (MapLibre's and Mapbox's both fit). */
export interface PickedFeature {
  layer?: { id: string };
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates?: unknown };
}

function pointOf(feature: PickedFeature, fallback: [number, number]): [number, number] {
  const coordinates = feature.geometry?.type === 'Point' ? feature.geometry.coordinates : null;
  return Array.isArray(coordinates) &&
    typeof coordinates[0] === 'number' &&
    typeof coordinates[1] === 'number'
    ? [coordinates[0], coordinates[1]]
    : fallback;
}

/**
 * The pick for the features under a click, topmost first as the engines give them: the first one in
 * a pickable layer with an id (a cluster has none and zooms in instead). Null for a click on nothing
 * pickable, which closes an open card.
 */
export function pickFromFeatures(
  features: readonly PickedFeature[],
  clickedAt: [number, number],
): MapPick | null {
  for (const feature of features) {
    const layer = feature.layer?.id;
    if (!layer || !PICKABLE_LAYERS.includes(layer)) continue;
    if (layer === CASE_CLUSTER_LAYER_ID)
      return { kind: 'cluster', lngLat: pointOf(feature, clickedAt) };
    const id = feature.properties?.id;
    if (typeof id !== 'string' || id === '') continue;
    const kind = layer === CASE_POINT_LAYER_ID ? 'case' : 'asset';
    return { kind, id, lngLat: pointOf(feature, clickedAt) };
  }
  return null;
}
