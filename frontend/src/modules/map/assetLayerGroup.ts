import type { AssetKind } from '@cityops/contracts';
import type { LayerGroup } from './LayerGroup';

/** The layer group (and map source) that draws each kind of asset. */
export const assetLayerGroup = {
  heat_source: 'heating',
  heat_station: 'heating',
  indoor_sensor: 'indoor',
  underpass: 'waterlogging',
  low_road: 'waterlogging',
  rain_gauge: 'rain',
} as const satisfies Record<AssetKind, LayerGroup>;

export type AssetLayerGroup = (typeof assetLayerGroup)[AssetKind];
