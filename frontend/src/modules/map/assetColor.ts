import { SEVERITY_COLORS } from '@cityops/contracts';
import type { CircleLayerSpecification } from 'react-map-gl/maplibre';
import type { MapTheme } from './MapTheme';
import { mapPalette } from './mapPalette';

/** A data-driven colour (circle-color, line-color and the like). */
type ColorValue = NonNullable<NonNullable<CircleLayerSpecification['paint']>['circle-color']>;

/**
 * The colour expression of every asset drawing (circles, links): the precomputed `colorKey` (worst
 * open incident's severity, else status) looked up, a healthy asset in its layer group's `okColor`.
 */
export function assetColor(theme: MapTheme, okColor: string): ColorValue {
  const palette = mapPalette[theme];
  // prettier-ignore
  return [
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
    okColor,
  ];
}
