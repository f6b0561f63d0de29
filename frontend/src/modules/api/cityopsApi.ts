import {
  ApiTokenListSchema,
  AssetCollectionSchema,
  CreatedTokenSchema,
  IncidentPageSchema,
  IncidentSchema,
  IncidentStatsSchema,
  IncidentWithTimelineSchema,
  LoginResponseSchema,
  PublicConfigSchema,
  SilenceListSchema,
  SilenceSchema,
  UserAccountListSchema,
  UserAccountResponseSchema,
  UserSchema,
  type CreateTokenRequest,
  type CreateUserRequest,
  type Domain,
  type LoginRequest,
  type PasswordChangeRequest,
  type SilenceBody,
  type UpdateUserRequest,
} from '@cityops/contracts';
import { apiDownload } from './apiDownload';
import { apiRequest } from './apiRequest';
import { noContent } from './noContent';
import { QuarantinePageSchema } from './QuarantinePageSchema';

/** Logout is best-effort: the session is cleared locally whatever happens, so do not wait long. */
const LOGOUT_TIMEOUT_MS = 3_000;

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

  /** POST /api/auth/logout: revokes the session server-side (its refresh and access tokens). */
  logout: (token: string) =>
    apiRequest('/api/auth/logout', {
      method: 'POST',
      auth: false,
      token,
      timeoutMs: LOGOUT_TIMEOUT_MS,
      schema: noContent,
    }),

  /** Who a token stands for; with `token`, that token (a display link's) instead of the session's. */
  me: (token?: string, signal?: AbortSignal) =>
    token
      ? apiRequest('/api/auth/me', { auth: false, token, signal, schema: UserSchema })
      : apiRequest('/api/auth/me', { signal, schema: UserSchema }),

  /** POST /api/auth/password: a fresh session (the old one ends). */
  changePassword: (body: PasswordChangeRequest) =>
    apiRequest('/api/auth/password', { method: 'POST', body, schema: LoginResponseSchema }),

  users: (signal?: AbortSignal) =>
    apiRequest('/api/users', { signal, schema: UserAccountListSchema }),

  createUser: (body: CreateUserRequest) =>
    apiRequest('/api/users', { method: 'POST', body, schema: UserAccountResponseSchema }),

  updateUser: (username: string, body: UpdateUserRequest) =>
    apiRequest(`/api/users/${encodeURIComponent(username)}`, {
      method: 'PATCH',
      body,
      schema: UserAccountResponseSchema,
    }),

  tokens: (signal?: AbortSignal) =>
    apiRequest('/api/tokens', { signal, schema: ApiTokenListSchema }),

  createToken: (body: CreateTokenRequest) =>
    apiRequest('/api/tokens', { method: 'POST', body, schema: CreatedTokenSchema }),

  revokeToken: (id: string) =>
    apiRequest(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE', schema: noContent }),

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

  /** GET /api/silences with `state` (comma-separated) and `limit`, newest start first. */
  silences: (query: URLSearchParams, signal?: AbortSignal) =>
    apiRequest(`/api/silences?${query.toString()}`, { signal, schema: SilenceListSchema }),

  createSilence: (body: SilenceBody) =>
    apiRequest('/api/silences', { method: 'POST', body, schema: SilenceSchema }),

  /** POST /api/silences/:id/expire: ends it now (a no-op on an expired one). */
  expireSilence: (id: string) =>
    apiRequest(`/api/silences/${encodeURIComponent(id)}/expire`, {
      method: 'POST',
      schema: SilenceSchema,
    }),

  /** One page of GET /api/quarantine with the given filters, `limit` and `cursor`. */
  quarantinePage: (query: URLSearchParams, signal?: AbortSignal) =>
    apiRequest(`/api/quarantine?${query.toString()}`, { signal, schema: QuarantinePageSchema }),

  /** GET /api/quarantine/export with the list's filters, as a CSV file. */
  exportQuarantine: (query: URLSearchParams) =>
    apiDownload(`/api/quarantine/export?${query.toString()}`, 'quarantine.csv'),
};
