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
import { cityopsApi } from '../api/cityopsApi';
import { renewAccessToken } from '../auth/renewAccessToken';
import { session } from '../auth/session';
import { useSession } from '../auth/useSession';
import { incidentQueryKeys } from '../incidents/incidentQueryKeys';
import { patchIncidentPage } from '../incidents/patchIncidentPage';
import { patchWatchList } from '../watch/patchWatchList';
import { watchQueryKeys } from '../watch/watchQueryKeys';
import { connectLive } from './connectLive';
import { createAssetUpdateBuffer } from './createAssetUpdateBuffer';
import type { IncidentListener } from './IncidentListener';
import { LiveContext } from './LiveContext';
import { liveIncidentJournal } from './liveIncidentJournal';
import type { LiveStatus } from './LiveStatus';

/** `asset.updated` events reach the asset cache in batches: one per burst, at most 500 ms late. */
const ASSET_BATCH_TIMING = { quietMs: 100, maxWaitMs: 500 };

/** After the server refused or dropped the connection (no automatic reconnection then), try again after this. */
const RECONNECT_AFTER_MS = 5_000;

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
  const current = useSession();
  // One connection per signed-in identity: a refreshed access token is read at the next
  // (re)connection, it does not reopen the socket.
  const identity = current ? `${current.user.role}:${current.user.username}` : null;
  const [status, setStatus] = useState<LiveStatus>(() => ({
    state: 'connecting',
    since: Date.now(),
  }));
  const listeners = useRef(new Set<IncidentListener>());

  useEffect(() => {
    if (!identity) return;
    let sent: string | null = null;
    let renewed: string | null = null; // the token the last renewal gave
    let retry: ReturnType<typeof setTimeout> | undefined;
    const socket = connectLive(session.token, (token) => {
      sent = token;
    });
    const reconnectLater = () => {
      clearTimeout(retry);
      retry = setTimeout(() => {
        if (!socket.connected) socket.connect();
      }, RECONNECT_AFTER_MS);
    };

    socket.on('connect', () => {
      renewed = null;
      refetchWhatWasMissed(queryClient);
      setStatus({ state: 'connected', since: Date.now() });
    });
    socket.on('disconnect', (reason) => {
      setStatus({ state: 'disconnected', since: Date.now() });
      // The server closed it (e.g. the session was revoked): the handshake tells which.
      if (reason === 'io server disconnect') reconnectLater();
    });
    socket.on('connect_error', (error) => {
      // Keep the moment the data went stale; a never-connected page is stale since it loaded.
      setStatus((status) =>
        status.state === 'disconnected' ? status : { state: 'disconnected', since: status.since },
      );
      if (socket.active) return; // a network failure: socket.io retries by itself
      if (error.message !== 'unauthorized' || !sent) {
        reconnectLater();
        return;
      }
      if (sent === renewed) {
        // Refused even with a fresh token: let a REST call find out why (a 401 ends the session,
        // a required password change sends the user to /password), and try again later.
        cityopsApi.me().catch(() => undefined);
        reconnectLater();
        return;
      }
      // Refused: the access token expired or was revoked. Renew it (or end the session) and retry.
      renewAccessToken(sent).then((token) => {
        renewed = token;
        if (token) socket.connect();
      }, reconnectLater);
    });

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

    const assetUpdates = createAssetUpdateBuffer((features) => {
      queryClient.setQueryData(
        assetQueryKeys.all,
        (collection: Parameters<typeof patchAssetCollection>[0]) =>
          patchAssetCollection(collection, features),
      );
    }, ASSET_BATCH_TIMING);
    socket.on(LiveEvent.AssetUpdated, (payload: unknown) => {
      const parsed = LIVE_EVENT_SCHEMAS[LiveEvent.AssetUpdated].safeParse(payload);
      if (!parsed.success) {
        console.warn(
          `cityops: ignoring malformed ${LiveEvent.AssetUpdated} event`,
          parsed.error.issues,
        );
        return;
      }
      assetUpdates.add(parsed.data);
    });

    socket.on(LiveEvent.WatchChanged, (payload: unknown) => {
      const parsed = LIVE_EVENT_SCHEMAS[LiveEvent.WatchChanged].safeParse(payload);
      if (!parsed.success) {
        console.warn(`cityops: ignoring malformed ${LiveEvent.WatchChanged} event`);
        return;
      }
      queryClient.setQueryData(watchQueryKeys.all, (list: Parameters<typeof patchWatchList>[0]) =>
        patchWatchList(list, parsed.data),
      );
    });

    return () => {
      clearTimeout(retry);
      assetUpdates.cancel();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [identity, queryClient]);

  const subscribe = useCallback((listener: IncidentListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo(() => ({ status, subscribe }), [status, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
