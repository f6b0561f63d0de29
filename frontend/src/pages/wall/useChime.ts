import { useRef } from 'react';
import { useIncidentEvents } from '../../modules/live/useIncidentEvents';
import { playChime } from './playChime';
import { shouldChime } from './shouldChime';

/** During a storm several reds may open within seconds: one chime for the burst. */
const QUIET_MS = 5_000;

/** Chimes (when `enabled`) for each red incident that opens or escalates to red. */
export function useChime(enabled: boolean): void {
  const last = useRef(0);
  useIncidentEvents((event, incident, previous) => {
    if (!enabled || !shouldChime(event, incident, previous)) return;
    const now = Date.now();
    if (now - last.current < QUIET_MS) return;
    last.current = now;
    void playChime();
  });
}
