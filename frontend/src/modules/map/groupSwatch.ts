import { SEVERITY_COLORS } from '@cityops/contracts';
import type { LayerGroup } from './LayerGroup';
import type { MapTheme } from './MapTheme';
import { mapPalette } from './mapPalette';

/** The colour standing for a layer group on its toggle (incidents: the red warning colour). */
export function groupSwatch(theme: MapTheme, group: LayerGroup): string {
  return group === 'incidents' ? SEVERITY_COLORS.red : mapPalette[theme][group];
}
