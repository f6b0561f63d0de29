import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLiveStatus } from '../live/useLiveStatus';
import { fetchWatches } from './fetchWatches';
import { watchQueryKeys } from './watchQueryKeys';

/**
 * How often the watch list is read again. `watch.changed` live events are not routed to the cache
 * yet (LiveProvider handles incident and asset events only; `patchWatchList` is ready for it), so a
 * started or ended watch reaches the wall within this delay.
 */
const POLL_MS = 30_000;

/** GET /api/watch, kept current by polling and re-read after the live connection comes back. */
export function useWatches() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: watchQueryKeys.all,
    queryFn: ({ signal }) => fetchWatches(signal),
    refetchInterval: POLL_MS,
  });

  const { state } = useLiveStatus();
  const wasDisconnected = useRef(false);
  useEffect(() => {
    if (state === 'disconnected') wasDisconnected.current = true;
    else if (state === 'connected' && wasDisconnected.current) {
      wasDisconnected.current = false;
      void queryClient.invalidateQueries({ queryKey: watchQueryKeys.all });
    }
  }, [state, queryClient]);

  return query;
}
