import { useQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { compareIncidents } from './compareIncidents';
import { incidentQueryKeys } from './incidentQueryKeys';

/**
 * Open and acknowledged incidents, most severe first. Fetched once, then kept current by live events
 * patching the cache (see LiveProvider); a slow reconciliation catches anything a dropped event missed.
 */
export function useActiveIncidents() {
  return useQuery({
    queryKey: incidentQueryKeys.active,
    queryFn: async ({ signal }) => {
      const page = await cityopsApi.activeIncidents(signal);
      return { ...page, items: [...page.items].sort(compareIncidents) };
    },
    staleTime: Infinity,
    refetchInterval: 10 * 60_000,
  });
}
