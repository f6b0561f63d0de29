import type { Incident } from '@cityops/contracts';
import type { LayerToggleState } from './layerToggleState';
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
  mapboxToken?: string;
}
