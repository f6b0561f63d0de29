import type { Incident } from '@cityops/contracts';
import type { ReactNode } from 'react';
import type { LayerToggleState } from './layerToggleState';
import type { MapPick } from './mapPick';
import type { MapCamera } from './MapCamera';
import type { MapSourceData } from './MapSourceData';
import type { MapTheme } from './MapTheme';
import type { WaterDepthPoint } from './waterDepthPoints';

/** What both renderers (MapLibre offline, Mapbox with a token) draw: the same data, the same layers. */
export interface MapCanvasProps {
  theme: MapTheme;
  /** Every data source's features (diffed into the sources, see useMapSourceData). */
  data: MapSourceData;
  /** Which layer groups show. */
  enabled: LayerToggleState;
  /** Waterlogging points that carry a depth label from zoom 12. */
  waterDepths: readonly WaterDepthPoint[];
  incidents: readonly Incident[];
  selectedIncidentId: string | null;
  onSelectIncident: (id: string) => void;
  camera: MapCamera;
  /** A click picked an asset or a case (null: a click on nothing, which closes the card). */
  onPick: (pick: Exclude<MapPick, { kind: 'cluster' }> | null) => void;
  /** The open card and where it stands. */
  pickCard: PickCard | null;
  mapboxToken?: string;
}

/** A card over the map, anchored at a point (an asset's or a case's place). */
export interface PickCard {
  lngLat: [number, number];
  node: ReactNode;
  /** Below the point when the point is too near the map's top edge for the card to fit above it. */
  below?: boolean;
}

/** Room (px) a card needs above its point; nearer the top edge it opens below the point. */
const PICK_CARD_ROOM = 300;

/** The card with `below` set from where its point is on screen (either engine's `project`). */
export function placePickCard(
  map: { project(lngLat: [number, number]): { y: number } } | null,
  card: PickCard | null,
): PickCard | null {
  return card && map ? { ...card, below: map.project(card.lngLat).y < PICK_CARD_ROOM } : card;
}
