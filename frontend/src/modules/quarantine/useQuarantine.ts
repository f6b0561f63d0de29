import { useInfiniteQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { QueryKey } from '../api/QueryKey';

const PAGE_SIZE = 100;

/** Quarantined input matching the filters, newest first, a page at a time along the keyset cursor. */
export function useQuarantine(apiQuery: URLSearchParams) {
  const query = apiQuery.toString();
  return useInfiniteQuery({
    queryKey: [QueryKey.Quarantine, query],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams(query);
      params.set('limit', String(PAGE_SIZE));
      if (pageParam) params.set('cursor', pageParam);
      return cityopsApi.quarantinePage(params, signal);
    },
    getNextPageParam: (last) => last.next,
    staleTime: 30_000,
  });
}
