import type { Incident } from '@cityops/contracts';
import type { FeatureCollection } from 'geojson';
import type { MapCamera } from './MapCamera';
import type { MapTheme } from './MapTheme';

/** What both renderers (MapLibre offline, Mapbox with a token) draw: the same data, the same layers. */
export interface MapCanvasProps {
  theme: MapTheme;
  assets: FeatureCollection;
  incidentPoints: FeatureCollection;
  incidents: readonly Incident[];
  selectedIncidentId: string | null;
  onSelectIncident: (id: string) => void;
  camera: MapCamera;
  mapboxToken?: string;
}
