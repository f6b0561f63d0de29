import type { Map as MapboxMap } from 'mapbox-gl';
import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** The live map instance, for end-to-end tests (`queryRenderedFeatures`) and for debugging on a wall. */
    __cityopsMap?: MapLibreMap | MapboxMap;
  }
}

/** Publishes the map instance as `window.__cityopsMap` once it has loaded; unpublishes it on unmount. */
export function exposeMap(map: MapLibreMap | MapboxMap | null): void {
  if (map) window.__cityopsMap = map;
  else delete window.__cityopsMap;
}
