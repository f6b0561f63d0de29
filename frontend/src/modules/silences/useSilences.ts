import type { SilenceState } from '@cityops/contracts';
import { useQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { serializeSilenceStates } from './silenceStates';
import { silenceQueryKeys } from './silenceQueryKeys';

/** GET /api/silences in the given states (none: all), newest start first, at most 500. */
export function useSilences(states: readonly SilenceState[]) {
  const params = serializeSilenceStates(states);
  params.set('limit', '500');
  const query = params.toString();
  return useQuery({
    queryKey: silenceQueryKeys.list(query),
    queryFn: ({ signal }) => cityopsApi.silences(new URLSearchParams(query), signal),
    refetchInterval: 60_000, // pending ones start and active ones end as time passes
  });
}
