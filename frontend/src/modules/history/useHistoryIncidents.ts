import { useInfiniteQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { historyQueryKeys } from './historyQueryKeys';

const PAGE_SIZE = 50;

/** The filtered incidents, newest first, a page at a time along the API's keyset cursor ("load more"). */
export function useHistoryIncidents(filterQuery: URLSearchParams) {
  const query = filterQuery.toString();
  return useInfiniteQuery({
    queryKey: historyQueryKeys.incidents(query),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams(query);
      params.set('limit', String(PAGE_SIZE));
      if (pageParam) params.set('cursor', pageParam);
      return cityopsApi.incidentPage(params, signal);
    },
    getNextPageParam: (last) => last.next,
    staleTime: 60_000,
  });
}
