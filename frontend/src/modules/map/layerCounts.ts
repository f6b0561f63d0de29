import type { AssetCollection, CaseDto, Incident } from '@cityops/contracts';
import { assetLayerGroup } from './assetLayerGroup';
import type { LayerGroup } from './LayerGroup';

/**
 * What each toggle counts: assets per group, open sanitation cases, and incidents with a location
 * (those the map can show).
 */
export function layerCounts(
  assets: AssetCollection | undefined,
  cases: readonly CaseDto[] | undefined,
  incidents: readonly Incident[],
): Record<LayerGroup, number> {
  const counts: Record<LayerGroup, number> = {
    heating: 0,
    indoor: 0,
    waterlogging: 0,
    rain: 0,
    cases: (cases ?? []).filter((item) => item.status !== 'closed').length,
    incidents: incidents.filter((incident) => incident.location !== null).length,
  };
  for (const feature of assets?.features ?? [])
    counts[assetLayerGroup[feature.properties.kind]] += 1;
  return counts;
}
