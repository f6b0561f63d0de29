import { QueryKey } from '../api/QueryKey';

/** Query keys of asset data: every asset of every domain, as the map draws them. */
export const assetQueryKeys = {
  all: [QueryKey.Assets, 'all'] as const,
};
