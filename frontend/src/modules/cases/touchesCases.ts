import type { Incident } from '@cityops/contracts';

/**
 * Whether a live incident event may have changed the open cases: a sanitation incident (a case past
 * its time limit, a cluster of cases), or an incident whose linked cases changed in number.
 */
export function touchesCases(incident: Incident, previous: Incident | undefined): boolean {
  return incident.domain === 'sanitation' || incident.linkedCases !== (previous?.linkedCases ?? 0);
}
