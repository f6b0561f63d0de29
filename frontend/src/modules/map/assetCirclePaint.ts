import type { CircleLayerSpecification } from 'react-map-gl/maplibre';
import { assetColor } from './assetColor';
import type { MapTheme } from './MapTheme';
import { mapPalette } from './mapPalette';

type CirclePaint = NonNullable<CircleLayerSpecification['paint']>;

/**
 * The paint every asset circle layer shares: colour by `colorKey` (healthy in the group's colour),
 * radius from the precomputed `radius` scaled with zoom, offline and unknown translucent.
 * `fadeIn` fades the layer in over [from, to] zoom (indoor sensors taking over from the heatmap).
 */
export function assetCirclePaint(
  theme: MapTheme,
  okColor: string,
  options: { fill?: number; fadeIn?: [number, number] } = {},
): CirclePaint {
  const palette = mapPalette[theme];
  const fill = options.fill ?? 0.95;
  const opacity: CirclePaint['circle-opacity'] = [
    'match',
    ['get', 'colorKey'],
    'offline',
    0.55,
    'unknown',
    0.55,
    fill,
  ];
  const fadeIn = options.fadeIn;
  // prettier-ignore
  return {
    'circle-color': assetColor(theme, okColor),
    'circle-radius': [
      'interpolate', ['linear'], ['zoom'],
      7, ['*', ['get', 'radius'], 0.55],
      10, ['get', 'radius'],
      14, ['*', ['get', 'radius'], 1.8],
    ],
    'circle-opacity': fadeIn
      ? ['interpolate', ['linear'], ['zoom'], fadeIn[0], 0, fadeIn[1], opacity]
      : opacity,
    'circle-stroke-color': palette.assetStroke,
    'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 7, 0.4, 12, 1.2],
    'circle-stroke-opacity': fadeIn
      ? ['interpolate', ['linear'], ['zoom'], fadeIn[0], 0, fadeIn[1], 1]
      : 1,
  };
}
