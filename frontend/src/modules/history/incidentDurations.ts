import type { Incident } from '@cityops/contracts';

const seconds = (from: string, to: string | null): number | null =>
  to === null ? null : Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** One incident's time to acknowledge and to resolve, in seconds from its opening; null while pending. */
export function incidentDurations(
  incident: Pick<Incident, 'openedAt' | 'acknowledgedAt' | 'resolvedAt'>,
): { ttaSeconds: number | null; ttrSeconds: number | null } {
  return {
    ttaSeconds: seconds(incident.openedAt, incident.acknowledgedAt),
    ttrSeconds: seconds(incident.openedAt, incident.resolvedAt),
  };
}
