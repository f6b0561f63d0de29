import { useQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { incidentQueryKeys } from './incidentQueryKeys';

/** One incident with its timeline (the console's detail panel); idle without an id. */
export function useIncident(id: string | null) {
  return useQuery({
    queryKey: incidentQueryKeys.detail(id ?? ''),
    queryFn: ({ signal }) => cityopsApi.incident(id!, signal),
    enabled: id !== null,
  });
}
