import { SEVERITIES, SEVERITY_COLORS } from '@cityops/contracts';
import type { MessageKey } from '../i18n/MessageKey';
import type { LayerToggleState } from './layerToggleState';
import type { MapTheme } from './MapTheme';
import { mapPalette } from './mapPalette';

export interface LegendEntry {
  label: MessageKey;
  color: string;
  /** dot: a circle; small: a small circle; ring: a translucent circle; line: a line; heat: a glow. */
  shape: 'dot' | 'small' | 'ring' | 'line' | 'heat';
}

const ASSET_GROUPS = ['heating', 'indoor', 'waterlogging', 'rain'] as const;

/**
 * What the legend explains, only for the enabled layer groups: the four warning colours (incidents
 * and assets with an open incident), each group's own marks, and the offline grey when assets show.
 */
export function legendEntries(enabled: LayerToggleState, theme: MapTheme): LegendEntry[] {
  const palette = mapPalette[theme];
  const anyAssets = ASSET_GROUPS.some((group) => enabled[group]);
  const entries: LegendEntry[] = [];
  if (enabled.incidents || anyAssets)
    for (const severity of [...SEVERITIES].reverse())
      entries.push({
        label: `severity.${severity}`,
        color: SEVERITY_COLORS[severity],
        shape: 'dot',
      });
  if (enabled.heating)
    entries.push(
      { label: 'map.legend.heatSource', color: palette.heating, shape: 'dot' },
      { label: 'map.legend.heatStation', color: palette.heating, shape: 'small' },
      { label: 'map.legend.heatingLink', color: palette.heating, shape: 'line' },
    );
  if (enabled.indoor)
    entries.push(
      { label: 'map.legend.indoorHeat', color: SEVERITY_COLORS.orange, shape: 'heat' },
      { label: 'map.legend.indoorSensor', color: palette.indoor, shape: 'small' },
    );
  if (enabled.waterlogging)
    entries.push({ label: 'map.legend.waterlogging', color: palette.waterlogging, shape: 'dot' });
  if (enabled.rain)
    entries.push({ label: 'map.legend.rainGauge', color: palette.rain, shape: 'ring' });
  if (enabled.cases)
    entries.push(
      { label: 'map.legend.case', color: palette.cases, shape: 'ring' },
      { label: 'map.legend.caseOverdue', color: palette.caseOverdue, shape: 'dot' },
    );
  if (anyAssets)
    entries.push({ label: 'map.legend.offline', color: palette.assetOffline, shape: 'dot' });
  return entries;
}
