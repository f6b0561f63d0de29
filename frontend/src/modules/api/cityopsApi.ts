import {
  AssetCollectionSchema,
  IncidentPageSchema,
  IncidentSchema,
  IncidentStatsSchema,
  IncidentWithTimelineSchema,
  LoginResponseSchema,
  PublicConfigSchema,
  type Domain,
  type LoginRequest,
} from '@cityops/contracts';
import { apiDownload } from './apiDownload';
import { apiRequest } from './apiRequest';

/** Incidents the wall and the desk show: everything not yet resolved. */
const ACTIVE_INCIDENTS_QUERY = 'status=open,acknowledged&limit=200';

/** The backend's REST API (same origin, under /api), each answer checked against its contract schema. */
export const cityopsApi = {
  login: (body: LoginRequest) =>
    apiRequest('/api/auth/login', {
      method: 'POST',
      body,
      auth: false,
      schema: LoginResponseSchema,
    }),

  config: (signal?: AbortSignal) =>
    apiRequest('/api/config', { auth: false, signal, schema: PublicConfigSchema }),

  assets: (domain?: Domain, signal?: AbortSignal) =>
    apiRequest(domain ? `/api/assets?domain=${encodeURIComponent(domain)}` : '/api/assets', {
      signal,
      schema: AssetCollectionSchema,
    }),

  activeIncidents: (signal?: AbortSignal) =>
    apiRequest(`/api/incidents?${ACTIVE_INCIDENTS_QUERY}`, { signal, schema: IncidentPageSchema }),

  /** One page of GET /api/incidents with the given filters, `limit` and `cursor`. */
  incidentPage: (query: URLSearchParams, signal?: AbortSignal) =>
    apiRequest(`/api/incidents?${query.toString()}`, { signal, schema: IncidentPageSchema }),

  incidentStats: (query: URLSearchParams, signal?: AbortSignal) =>
    apiRequest(`/api/incidents/stats?${query.toString()}`, {
      signal,
      schema: IncidentStatsSchema,
    }),

  /** GET /api/incidents/export.csv with the list's filters: the file and its X-Export-* headers. */
  exportIncidents: (query: URLSearchParams) =>
    apiDownload(`/api/incidents/export.csv?${query.toString()}`, 'incidents.csv'),

  incident: (id: string, signal?: AbortSignal) =>
    apiRequest(`/api/incidents/${encodeURIComponent(id)}`, {
      signal,
      schema: IncidentWithTimelineSchema,
    }),

  acknowledge: (id: string, note?: string) =>
    apiRequest(`/api/incidents/${encodeURIComponent(id)}/acknowledge`, {
      method: 'POST',
      body: note ? { note } : {},
      schema: IncidentSchema,
    }),

  resolve: (id: string, note?: string) =>
    apiRequest(`/api/incidents/${encodeURIComponent(id)}/resolve`, {
      method: 'POST',
      body: note ? { note } : {},
      schema: IncidentSchema,
    }),
};
