import type { Incident } from '@cityops/contracts';

const KEEP_MS = 5 * 60_000;

export interface IncidentJournal {
  record(incident: Incident, receivedAt: number): void;
  /** The latest event per incident among those received at or after `since`, in arrival order. */
  since(since: number): Incident[];
}

/**
 * Remembers recent live incident events for a few minutes. A list fetch that was already under way
 * when an event arrived answers with the state from before it; re-applying the events received since
 * the fetch started keeps the event (otherwise a new incident would vanish from the wall until the
 * next reconciliation).
 */
export function createIncidentJournal(keepMs = KEEP_MS): IncidentJournal {
  let entries: { incident: Incident; receivedAt: number }[] = [];
  return {
    record(incident, receivedAt) {
      entries = entries.filter(
        (e) => e.receivedAt >= receivedAt - keepMs && e.incident.id !== incident.id,
      );
      entries.push({ incident, receivedAt });
    },
    since(since) {
      return entries.filter((e) => e.receivedAt >= since).map((e) => e.incident);
    },
  };
}
