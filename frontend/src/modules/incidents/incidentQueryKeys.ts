import { QueryKey } from '../api/QueryKey';

/** Query keys of incident data: the active list every view shares, and one incident with its timeline. */
export const incidentQueryKeys = {
  active: [QueryKey.Incidents, 'active'] as const,
  detail: (id: string) => [QueryKey.Incident, id] as const,
};
