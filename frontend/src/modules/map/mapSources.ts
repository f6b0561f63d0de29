import type {
  CircleLayerSpecification,
  HeatmapLayerSpecification,
  LineLayerSpecification,
} from 'react-map-gl/maplibre';
import { CASES_CLUSTER_OPTIONS, caseClusterLayer, casePointLayer } from './caseLayers';
import { heatingCircleLayer, heatingLinkLayer } from './heatingLayers';
import { indoorCircleLayer, indoorHeatmapLayer } from './indoorLayers';
import type { LayerGroup } from './LayerGroup';
import {
  CASES_SOURCE_ID,
  HEATING_LINKS_SOURCE_ID,
  HEATING_SOURCE_ID,
  INCIDENTS_SOURCE_ID,
  INDOOR_SOURCE_ID,
  RAIN_SOURCE_ID,
  WATERLOGGING_SOURCE_ID,
  incidentHaloLayer,
} from './layers';
import type { MapTheme } from './MapTheme';
import { rainCircleLayer, waterloggingCircleLayer } from './waterLayers';

export type DataLayerSpecification =
  CircleLayerSpecification | LineLayerSpecification | HeatmapLayerSpecification;

export type MapSourceId =
  | typeof INCIDENTS_SOURCE_ID
  | typeof INDOOR_SOURCE_ID
  | typeof HEATING_LINKS_SOURCE_ID
  | typeof WATERLOGGING_SOURCE_ID
  | typeof RAIN_SOURCE_ID
  | typeof HEATING_SOURCE_ID
  | typeof CASES_SOURCE_ID;

interface MapSourceSpec {
  id: MapSourceId;
  /** Extra GeoJSON source options (clustering). */
  options?: typeof CASES_CLUSTER_OPTIONS;
  /** The source's layers, bottom first, each with the group whose toggle shows and hides it. */
  layers: readonly { group: LayerGroup; layer: Record<MapTheme, DataLayerSpecification> }[];
}

/**
 * Every data source over the base map with its layers, in drawing order (bottom first): incident
 * halos, the indoor heatmap and flats, station-to-source links, waterlogging points, rain gauges,
 * heat sources and stations, then sanitation cases. Both renderers mount exactly this list.
 */
export const mapSources: readonly MapSourceSpec[] = [
  { id: INCIDENTS_SOURCE_ID, layers: [{ group: 'incidents', layer: incidentHaloLayer }] },
  {
    id: INDOOR_SOURCE_ID,
    layers: [
      { group: 'indoor', layer: indoorHeatmapLayer },
      { group: 'indoor', layer: indoorCircleLayer },
    ],
  },
  { id: HEATING_LINKS_SOURCE_ID, layers: [{ group: 'heating', layer: heatingLinkLayer }] },
  {
    id: WATERLOGGING_SOURCE_ID,
    layers: [{ group: 'waterlogging', layer: waterloggingCircleLayer }],
  },
  { id: RAIN_SOURCE_ID, layers: [{ group: 'rain', layer: rainCircleLayer }] },
  { id: HEATING_SOURCE_ID, layers: [{ group: 'heating', layer: heatingCircleLayer }] },
  {
    id: CASES_SOURCE_ID,
    options: CASES_CLUSTER_OPTIONS,
    layers: [
      { group: 'cases', layer: caseClusterLayer },
      { group: 'cases', layer: casePointLayer },
    ],
  },
];
