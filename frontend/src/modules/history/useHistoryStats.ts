import type { StatsGrouping } from '@cityops/contracts';
import { useQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { historyQueryKeys } from './historyQueryKeys';

/** GET /api/incidents/stats for the view's filters, grouped one way. */
export function useHistoryStats(filterQuery: URLSearchParams, groupBy: StatsGrouping) {
  const params = new URLSearchParams(filterQuery);
  params.set('groupBy', groupBy);
  const query = params.toString();
  return useQuery({
    queryKey: historyQueryKeys.stats(query),
    queryFn: ({ signal }) => cityopsApi.incidentStats(new URLSearchParams(query), signal),
    staleTime: 60_000,
  });
}
