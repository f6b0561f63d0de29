import { useEffect, useReducer } from 'react';
import { useIncidentEvents } from '../live/useIncidentEvents';
import { initialSpotlight, spotlightReducer } from './spotlightReducer';

/**
 * The incident the wall should show right now: each orange or red one that opens (or escalates) is on
 * show for `durationMs`, then the next, then null (back to the city view).
 */
export function useSpotlight(durationMs: number) {
  const [state, dispatch] = useReducer(spotlightReducer, initialSpotlight);
  useIncidentEvents((_event, incident, previous) =>
    dispatch({ type: 'offer', incident, previous }),
  );

  const currentId = state.current?.id ?? null;
  useEffect(() => {
    if (currentId === null) return;
    const timer = setTimeout(() => dispatch({ type: 'next' }), durationMs);
    return () => clearTimeout(timer);
  }, [currentId, durationMs]);

  return state.current;
}
