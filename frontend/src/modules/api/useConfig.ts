import { useQuery } from '@tanstack/react-query';
import { cityopsApi } from './cityopsApi';
import { QueryKey } from './QueryKey';

/** GET /api/config: map token and display zone. Read once per page load. */
export function useConfig() {
  return useQuery({
    queryKey: [QueryKey.Config],
    queryFn: ({ signal }) => cityopsApi.config(signal),
    staleTime: Infinity,
    retry: 1,
  });
}
