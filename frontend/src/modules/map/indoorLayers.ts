import { SEVERITY_COLORS } from '@cityops/contracts';
import type { CircleLayerSpecification, HeatmapLayerSpecification } from 'react-map-gl/maplibre';
import { assetCirclePaint } from './assetCirclePaint';
import { DETAIL_ZOOM, INDOOR_SOURCE_ID } from './layers';
import { mapPalette } from './mapPalette';
import { perTheme } from './perTheme';

/** The heatmap and the single flats cross-fade over [DETAIL_ZOOM - 0.5, DETAIL_ZOOM + 0.5]. */
const FADE: [number, number] = [DETAIL_ZOOM - 0.5, DETAIL_ZOOM + 0.5];

/**
 * Zoomed out, tens of thousands of flats are one heatmap weighted by how cold / in trouble each flat
 * is (`weight`, see indoorWeight): warm districts stay dark, cold estates glow blue to red.
 */
export const indoorHeatmapLayer = perTheme<HeatmapLayerSpecification>((theme) => ({
  id: 'indoor-heatmap',
  type: 'heatmap',
  source: INDOOR_SOURCE_ID,
  maxzoom: FADE[1],
  // prettier-ignore
  paint: {
    'heatmap-weight': ['get', 'weight'],
    'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 7, 0.7, DETAIL_ZOOM, 1.6],
    'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 7, 7, DETAIL_ZOOM, 20],
    'heatmap-color': [
      'interpolate', ['linear'], ['heatmap-density'],
      0, 'rgba(0, 0, 0, 0)',
      0.12, theme === 'dark' ? 'rgba(47, 124, 246, 0.35)' : 'rgba(47, 124, 246, 0.25)',
      0.35, SEVERITY_COLORS.blue,
      0.6, SEVERITY_COLORS.yellow,
      0.8, SEVERITY_COLORS.orange,
      1, SEVERITY_COLORS.red,
    ],
    'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], FADE[0], theme === 'dark' ? 0.8 : 0.65, FADE[1], 0],
  },
}));

/** Each flat's sensor, from zoom ~11 (fading in as the heatmap fades out). */
export const indoorCircleLayer = perTheme<CircleLayerSpecification>((theme) => ({
  id: 'indoor-circles',
  type: 'circle',
  source: INDOOR_SOURCE_ID,
  minzoom: FADE[0],
  layout: { 'circle-sort-key': ['get', 'sortKey'] },
  paint: assetCirclePaint(theme, mapPalette[theme].indoor, { fadeIn: FADE }),
}));
