import { useEffect, useRef } from 'react';
import { cityBounds } from './cityBounds';
import type { MapCamera } from './MapCamera';

/** The two camera moves both engines share. */
interface CameraTarget {
  flyTo(options: {
    center: [number, number];
    zoom: number;
    speed: number;
    curve: number;
    essential: boolean;
  }): unknown;
  fitBounds(
    bounds: [number, number, number, number],
    options: { padding: number; duration: number },
  ): unknown;
}

/** Close enough to see the street, wide enough to see the neighbourhood. */
const INCIDENT_ZOOM = 12.5;

/** Moves the map when the requested camera changes: fly to a point, glide home, or leave it alone. */
export function useCamera(map: CameraTarget | null, camera: MapCamera): void {
  const lng = camera.kind === 'point' ? camera.center[0] : null;
  const lat = camera.kind === 'point' ? camera.center[1] : null;
  const kind = camera.kind;
  const moved = useRef(false);

  useEffect(() => {
    if (!map) return;
    if (kind === 'point' && lng !== null && lat !== null) {
      map.flyTo({
        center: [lng, lat],
        zoom: INCIDENT_ZOOM,
        speed: 0.9,
        curve: 1.5,
        essential: true,
      });
      moved.current = true;
    } else if (kind === 'home') {
      // The first home view is instant; coming back from an incident is a slow glide.
      map.fitBounds(cityBounds, { padding: 36, duration: moved.current ? 2500 : 0 });
      moved.current = true;
    }
  }, [map, kind, lng, lat]);
}
