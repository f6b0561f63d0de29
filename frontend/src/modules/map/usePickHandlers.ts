import { useState } from 'react';
import { pickFromFeatures, PICKABLE_LAYERS, type MapPick, type PickedFeature } from './mapPick';

/** The part of a map click event both engines give. */
interface MapClick {
  features?: readonly PickedFeature[];
  lngLat: { lng: number; lat: number };
  originalEvent?: Event;
  target: {
    getZoom(): number;
    easeTo(options: { center: [number, number]; zoom: number }): unknown;
  };
}

/** Zoom levels a click on a case cluster zooms in by. */
const CLUSTER_ZOOM_STEP = 2;

/**
 * The props that make assets and cases clickable on either engine: a pointer over them, a click that
 * picks one (or zooms into a cluster, or closes the card on empty map). Clicks on HTML markers (an
 * incident, the card itself) are theirs, not the map's.
 */
export function usePickHandlers(
  onPick: (pick: Exclude<MapPick, { kind: 'cluster' }> | null) => void,
) {
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  return {
    interactiveLayerIds: [...PICKABLE_LAYERS],
    cursor,
    onMouseEnter: () => setCursor('pointer'),
    onMouseLeave: () => setCursor(undefined),
    onClick: (event: MapClick) => {
      const target = event.originalEvent?.target;
      if (target instanceof Element && target.closest('.maplibregl-marker, .mapboxgl-marker'))
        return;
      const pick = pickFromFeatures(event.features ?? [], [event.lngLat.lng, event.lngLat.lat]);
      if (pick?.kind === 'cluster') {
        event.target.easeTo({
          center: pick.lngLat,
          zoom: event.target.getZoom() + CLUSTER_ZOOM_STEP,
        });
        return;
      }
      onPick(pick);
    },
  };
}
