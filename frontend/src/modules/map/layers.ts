import { SEVERITY_COLORS } from '@cityops/contracts';
import type {
  BackgroundLayerSpecification,
  CircleLayerSpecification,
  FillLayerSpecification,
  LineLayerSpecification,
} from 'react-map-gl/maplibre';
import { mapPalette } from './mapPalette';
import { perTheme } from './perTheme';

/**
 * The base map's and the incidents' layers as typed style constants, one per theme, and every source
 * id. The same objects serve MapLibre (offline, default) and Mapbox (with a token). Layer ids are
 * public: end-to-end tests query them. No symbol layers: there is no glyph server, so text is drawn as
 * HTML markers. The domain layers live beside this file: heatingLayers, indoorLayers, waterLayers,
 * caseLayers; mapSources lists them all in drawing order.
 */

export const DISTRICTS_SOURCE_ID = 'districts';
export const INCIDENTS_SOURCE_ID = 'incidents';
export const HEATING_SOURCE_ID = 'heating';
export const HEATING_LINKS_SOURCE_ID = 'heating-links';
export const INDOOR_SOURCE_ID = 'indoor';
export const WATERLOGGING_SOURCE_ID = 'waterlogging';
export const RAIN_SOURCE_ID = 'rain';
export const CASES_SOURCE_ID = 'cases';

/** From this zoom on, single flats and station-to-source links are drawn (the heatmap fades out). */
export const DETAIL_ZOOM = 11;
/** From this zoom on, waterlogging points carry their depth label. */
export const DEPTH_LABEL_ZOOM = 12;

export const backgroundLayer = perTheme<BackgroundLayerSpecification>((theme) => ({
  id: 'background',
  type: 'background',
  paint: { 'background-color': mapPalette[theme].background },
}));

export const districtFillLayer = perTheme<FillLayerSpecification>((theme) => ({
  id: 'districts-fill',
  type: 'fill',
  source: DISTRICTS_SOURCE_ID,
  paint: {
    'fill-color': mapPalette[theme].districtFill,
    'fill-opacity': mapPalette[theme].districtFillOpacity,
  },
}));

/** A wide, blurred line under the boundary: the soft glow of the wall's dark theme. */
export const districtGlowLayer = perTheme<LineLayerSpecification>((theme) => ({
  id: 'districts-glow',
  type: 'line',
  source: DISTRICTS_SOURCE_ID,
  layout: { 'line-join': 'round' },
  paint: {
    'line-color': mapPalette[theme].districtLineGlow,
    'line-width': ['interpolate', ['linear'], ['zoom'], 7, 3, 12, 8],
    'line-blur': ['interpolate', ['linear'], ['zoom'], 7, 3, 12, 6],
    'line-opacity': theme === 'dark' ? 0.45 : 0.6,
  },
}));

export const districtLineLayer = perTheme<LineLayerSpecification>((theme) => ({
  id: 'districts-line',
  type: 'line',
  source: DISTRICTS_SOURCE_ID,
  layout: { 'line-join': 'round' },
  paint: {
    'line-color': mapPalette[theme].districtLine,
    'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.8, 12, 1.8],
    'line-opacity': 0.9,
  },
}));

/**
 * A soft halo under each incident's HTML marker (the pulsing dot, IncidentMarker), so incidents can
 * also be found with queryRenderedFeatures.
 */
export const incidentHaloLayer = perTheme<CircleLayerSpecification>((theme) => ({
  id: 'incidents-halo',
  type: 'circle',
  source: INCIDENTS_SOURCE_ID,
  layout: { 'circle-sort-key': ['get', 'rank'] },
  // prettier-ignore
  paint: {
    'circle-color': [
      'match',
      ['get', 'severity'],
      'red', SEVERITY_COLORS.red,
      'orange', SEVERITY_COLORS.orange,
      'yellow', SEVERITY_COLORS.yellow,
      SEVERITY_COLORS.blue,
    ],
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 10, 12, 22],
    'circle-blur': 0.9,
    'circle-opacity': theme === 'dark' ? 0.55 : 0.35,
  },
}));
