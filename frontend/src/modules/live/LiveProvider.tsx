import {
  LIVE_EVENT_SCHEMAS,
  LiveEvent,
  type IncidentPage,
  type IncidentWithTimeline,
} from '@cityops/contracts';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { assetQueryKeys } from '../assets/assetQueryKeys';
import { patchAssetCollection } from '../assets/patchAssetCollection';
import { useSession } from '../auth/useSession';
import { incidentQueryKeys } from '../incidents/incidentQueryKeys';
import { patchIncidentPage } from '../incidents/patchIncidentPage';
import { connectLive } from './connectLive';
import type { IncidentListener } from './IncidentListener';
import { LiveContext } from './LiveContext';
import { liveIncidentJournal } from './liveIncidentJournal';
import type { LiveStatus } from './LiveStatus';

const INCIDENT_EVENTS = [
  LiveEvent.IncidentOpened,
  LiveEvent.IncidentUpdated,
  LiveEvent.IncidentResolved,
] as const;

/** After a gap (first connection after the first fetch, or a reconnection) fetch once what was missed. */
function refetchWhatWasMissed(queryClient: QueryClient): void {
  for (const queryKey of [incidentQueryKeys.active, assetQueryKeys.all]) {
    if (queryClient.getQueryState(queryKey)?.dataUpdatedAt)
      void queryClient.invalidateQueries({ queryKey });
  }
}

/**
 * Holds the Socket.IO connection for signed-in pages. Each live event patches the TanStack Query cache
 * in place (no refetch); incident listeners (the wall's fly-to) hear about incidents after the patch.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const token = useSession()?.token ?? null;
  const [status, setStatus] = useState<LiveStatus>(() => ({
    state: 'connecting',
    since: Date.now(),
  }));
  const listeners = useRef(new Set<IncidentListener>());

  useEffect(() => {
    if (!token) return;
    const socket = connectLive(token);

    socket.on('connect', () => {
      refetchWhatWasMissed(queryClient);
      setStatus({ state: 'connected', since: Date.now() });
    });
    socket.on('disconnect', () => setStatus({ state: 'disconnected', since: Date.now() }));
    socket.on('connect_error', () =>
      // Keep the moment the data went stale; a never-connected page is stale since it loaded.
      setStatus((current) =>
        current.state === 'disconnected'
          ? current
          : { state: 'disconnected', since: current.since },
      ),
    );

    for (const event of INCIDENT_EVENTS) {
      socket.on(event, (payload: unknown) => {
        const parsed = LIVE_EVENT_SCHEMAS[event].safeParse(payload);
        if (!parsed.success) {
          console.warn(`cityops: ignoring malformed ${event} event`, parsed.error.issues);
          return;
        }
        const incident = parsed.data;
        liveIncidentJournal.record(incident, Date.now());
        const previous = queryClient
          .getQueryData<IncidentPage>(incidentQueryKeys.active)
          ?.items.find((item) => item.id === incident.id);
        queryClient.setQueryData<IncidentPage>(incidentQueryKeys.active, (page) =>
          patchIncidentPage(page, incident),
        );
        const detailKey = incidentQueryKeys.detail(incident.id);
        if (queryClient.getQueryData(detailKey)) {
          queryClient.setQueryData<IncidentWithTimeline>(detailKey, (old) =>
            old ? { ...old, ...incident } : old,
          );
          void queryClient.invalidateQueries({ queryKey: detailKey }); // its timeline grew: refetch that one incident
        }
        listeners.current.forEach((listener) => listener(event, incident, previous));
      });
    }

    socket.on(LiveEvent.AssetUpdated, (payload: unknown) => {
      const parsed = LIVE_EVENT_SCHEMAS[LiveEvent.AssetUpdated].safeParse(payload);
      if (!parsed.success) {
        console.warn(
          `cityops: ignoring malformed ${LiveEvent.AssetUpdated} event`,
          parsed.error.issues,
        );
        return;
      }
      queryClient.setQueryData(
        assetQueryKeys.all,
        (collection: Parameters<typeof patchAssetCollection>[0]) =>
          patchAssetCollection(collection, parsed.data),
      );
    });

    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [token, queryClient]);

  const subscribe = useCallback((listener: IncidentListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo(() => ({ status, subscribe }), [status, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
