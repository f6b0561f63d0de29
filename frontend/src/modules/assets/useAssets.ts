import { useQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { assetQueryKeys } from './assetQueryKeys';

/** Every asset with its status and latest values; kept current by `asset.updated` live events. */
export function useAssets() {
  return useQuery({
    queryKey: assetQueryKeys.all,
    queryFn: ({ signal }) => cityopsApi.assets(undefined, signal),
    staleTime: Infinity,
    // A slow reconciliation in case a live event was lost; the socket does the real-time work.
    refetchInterval: 10 * 60_000,
  });
}
