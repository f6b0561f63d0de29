import { SEVERITY_COLORS } from '@cityops/contracts';
import type {
  BackgroundLayerSpecification,
  CircleLayerSpecification,
  FillLayerSpecification,
  LineLayerSpecification,
} from 'react-map-gl/maplibre';
import type { MapTheme } from './MapTheme';
import { mapPalette } from './mapPalette';

/**
 * Every map layer as a typed style constant, one per theme. The same objects serve MapLibre (offline,
 * default) and Mapbox (with a token). Layer ids are public: end-to-end tests query them.
 * No symbol layers: there is no glyph server, so text is drawn as HTML markers.
 */

export const DISTRICTS_SOURCE_ID = 'districts';
export const ASSETS_SOURCE_ID = 'assets';
export const INCIDENTS_SOURCE_ID = 'incidents';

const themes: readonly MapTheme[] = ['dark', 'light'];
const perTheme = <T>(make: (theme: MapTheme) => T) =>
  Object.fromEntries(themes.map((theme) => [theme, make(theme)])) as Record<MapTheme, T>;

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
 * Assets as circles, coloured by their worst open incident's severity or else by status, sized by kind
 * (heat sources and stations large, indoor sensors small; see assetsToGeoJson), most severe drawn on top.
 */
export const assetCircleLayer = perTheme<CircleLayerSpecification>((theme) => {
  const palette = mapPalette[theme];
  return {
    id: 'assets-circles',
    type: 'circle',
    source: ASSETS_SOURCE_ID,
    layout: { 'circle-sort-key': ['get', 'sortKey'] },
    // prettier-ignore
    paint: {
      'circle-color': [
        'match',
        ['get', 'colorKey'],
        'red', SEVERITY_COLORS.red,
        'orange', SEVERITY_COLORS.orange,
        'yellow', SEVERITY_COLORS.yellow,
        'blue', SEVERITY_COLORS.blue,
        'alarm', palette.assetAlarm,
        'offline', palette.assetOffline,
        'unknown', palette.assetUnknown,
        'suspect', palette.assetUnknown,
        palette.assetOk,
      ],
      'circle-radius': [
        'interpolate', ['linear'], ['zoom'],
        7, ['*', ['get', 'radius'], 0.55],
        10, ['get', 'radius'],
        14, ['*', ['get', 'radius'], 1.8],
      ],
      'circle-opacity': ['match', ['get', 'colorKey'], 'offline', 0.55, 'unknown', 0.55, 0.95],
      'circle-stroke-color': palette.assetStroke,
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 7, 0.4, 12, 1.2],
    },
  };
});

/** A soft halo under each incident's HTML marker, so incidents can also be found with queryRenderedFeatures. */
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
