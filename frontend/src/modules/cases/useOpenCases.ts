import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useIncidentEvents } from '../live/useIncidentEvents';
import { useLiveStatus } from '../live/useLiveStatus';
import { caseQueryKeys } from './caseQueryKeys';
import { fetchOpenCases } from './fetchOpenCases';
import { touchesCases } from './touchesCases';

/** Case-related incident events in a burst cost one refetch, this long after the first. */
const REFRESH_DELAY_MS = 2_000;

/**
 * The open sanitation cases for the map's `cases` layer. Cases have no live event of their own, so
 * they follow the other queries' cadence (a reconciliation every 10 minutes, a refetch after the live
 * connection comes back) and are refetched shortly after any case-related incident event.
 */
export function useOpenCases() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: caseQueryKeys.open,
    queryFn: ({ signal }) => fetchOpenCases(signal),
    staleTime: Infinity,
    refetchInterval: 10 * 60_000,
  });

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useIncidentEvents((_event, incident, previous) => {
    if (!touchesCases(incident, previous) || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: caseQueryKeys.open });
    }, REFRESH_DELAY_MS);
  });

  // After a gap in the live connection, fetch once what was missed (as LiveProvider does for the rest).
  const { state } = useLiveStatus();
  const wasDisconnected = useRef(false);
  useEffect(() => {
    if (state === 'disconnected') wasDisconnected.current = true;
    else if (state === 'connected' && wasDisconnected.current) {
      wasDisconnected.current = false;
      if (queryClient.getQueryState(caseQueryKeys.open)?.dataUpdatedAt)
        void queryClient.invalidateQueries({ queryKey: caseQueryKeys.open });
    }
  }, [state, queryClient]);

  return query;
}
