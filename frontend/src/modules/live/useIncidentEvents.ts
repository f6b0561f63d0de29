import { useContext, useEffect, useEffectEvent } from 'react';
import type { IncidentListener } from './IncidentListener';
import { LiveContext } from './LiveContext';

/** Calls `listener` for each live incident event, always the latest version of it, while mounted. */
export function useIncidentEvents(listener: IncidentListener): void {
  const { subscribe } = useContext(LiveContext);
  const onEvent = useEffectEvent(listener);
  useEffect(
    () => subscribe((event, incident, previous) => onEvent(event, incident, previous)),
    [subscribe],
  );
}
