import type { CircleLayerSpecification, LineLayerSpecification } from 'react-map-gl/maplibre';
import { assetCirclePaint } from './assetCirclePaint';
import { assetColor } from './assetColor';
import { DETAIL_ZOOM, HEATING_LINKS_SOURCE_ID, HEATING_SOURCE_ID } from './layers';
import { mapPalette } from './mapPalette';
import { perTheme } from './perTheme';

/**
 * Heat sources (large) and exchange stations, coloured by their worst open incident's severity or
 * else their status, most severe drawn on top (see assetPoint).
 */
export const heatingCircleLayer = perTheme<CircleLayerSpecification>((theme) => ({
  id: 'heating-circles',
  type: 'circle',
  source: HEATING_SOURCE_ID,
  layout: { 'circle-sort-key': ['get', 'sortKey'] },
  paint: assetCirclePaint(theme, mapPalette[theme].heating),
}));

/** A thin line from each station to its heat source (from `parentId`), faded in from zoom ~10.5 to 11. */
export const heatingLinkLayer = perTheme<LineLayerSpecification>((theme) => ({
  id: 'heating-links',
  type: 'line',
  source: HEATING_LINKS_SOURCE_ID,
  minzoom: DETAIL_ZOOM - 0.5,
  layout: { 'line-cap': 'round' },
  paint: {
    'line-color': assetColor(theme, mapPalette[theme].heating),
    'line-width': ['interpolate', ['linear'], ['zoom'], DETAIL_ZOOM, 0.8, 15, 2],
    'line-opacity': [
      'interpolate',
      ['linear'],
      ['zoom'],
      DETAIL_ZOOM - 0.5,
      0,
      DETAIL_ZOOM,
      theme === 'dark' ? 0.45 : 0.55,
    ],
  },
}));
