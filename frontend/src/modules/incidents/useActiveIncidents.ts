import { useQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { liveIncidentJournal } from '../live/liveIncidentJournal';
import { compareIncidents } from './compareIncidents';
import { patchIncidentPage } from './patchIncidentPage';
import { incidentQueryKeys } from './incidentQueryKeys';

/**
 * Open and acknowledged incidents, most severe first. Fetched once, then kept current by live events
 * patching the cache (see LiveProvider); a slow reconciliation catches anything a dropped event missed.
 */
export function useActiveIncidents() {
  return useQuery({
    queryKey: incidentQueryKeys.active,
    queryFn: async ({ signal }) => {
      const startedAt = Date.now();
      let page = await cityopsApi.activeIncidents(signal);
      // Live events that arrived while this request was under way are newer than its answer.
      for (const incident of liveIncidentJournal.since(startedAt))
        page = patchIncidentPage(page, incident)!;
      return { ...page, items: [...page.items].sort(compareIncidents) };
    },
    staleTime: Infinity,
    refetchInterval: 10 * 60_000,
  });
}
