import type { CircleLayerSpecification } from 'react-map-gl/maplibre';
import { assetCirclePaint } from './assetCirclePaint';
import { RAIN_SOURCE_ID, WATERLOGGING_SOURCE_ID } from './layers';
import { mapPalette } from './mapPalette';
import { perTheme } from './perTheme';

/**
 * Underpasses and low road sections, coloured by their worst open incident or else their status.
 * Their depth labels are HTML markers from zoom 12 (MapOverlays), since there is no glyph server.
 */
export const waterloggingCircleLayer = perTheme<CircleLayerSpecification>((theme) => ({
  id: 'waterlogging-circles',
  type: 'circle',
  source: WATERLOGGING_SOURCE_ID,
  layout: { 'circle-sort-key': ['get', 'sortKey'] },
  paint: assetCirclePaint(theme, mapPalette[theme].waterlogging),
}));

/** Rain gauges, growing with the rainfall intensity (radius precomputed in assetPoint), translucent. */
export const rainCircleLayer = perTheme<CircleLayerSpecification>((theme) => ({
  id: 'rain-circles',
  type: 'circle',
  source: RAIN_SOURCE_ID,
  layout: { 'circle-sort-key': ['get', 'sortKey'] },
  paint: assetCirclePaint(theme, mapPalette[theme].rain, { fill: 0.6 }),
}));
