import {
  EscalationPolicySchema,
  OncallNowSchema,
  OncallRouteListSchema,
  OncallScheduleListSchema,
  OncallScheduleSchema,
  OncallSpanListSchema,
  OncallTeamListSchema,
  type OncallScheduleUpdate,
} from '@cityops/contracts';
import { z } from 'zod';
import { apiRequest } from '../api/apiRequest';

/** GET /api/oncall/escalation-policies answers `{items}` (contracts has only the interface). */
const EscalationPolicyListSchema = z.object({ items: z.array(EscalationPolicySchema) });

const schedulePath = (id: string) => `/api/oncall/schedules/${encodeURIComponent(id)}`;

/** On-call and escalation (/api/oncall/*, docs/oncall.md), each answer checked by its schema. */
export const oncallApi = {
  teams: (signal?: AbortSignal) =>
    apiRequest('/api/oncall/teams', { signal, schema: OncallTeamListSchema }),

  schedules: (signal?: AbortSignal) =>
    apiRequest('/api/oncall/schedules', { signal, schema: OncallScheduleListSchema }),

  schedule: (id: string, signal?: AbortSignal) =>
    apiRequest(schedulePath(id), { signal, schema: OncallScheduleSchema }),

  /** The whole schedule (layers and overrides); 400 lists each problem, 409 an integrity refusal. */
  updateSchedule: (id: string, body: OncallScheduleUpdate) =>
    apiRequest(schedulePath(id), { method: 'PUT', body, schema: OncallScheduleSchema }),

  /** Who is on call over [from, to) (ISO instants, at most 92 days). */
  spans: (id: string, from: string, to: string, signal?: AbortSignal) =>
    apiRequest(`${schedulePath(id)}/spans?${new URLSearchParams({ from, to }).toString()}`, {
      signal,
      schema: OncallSpanListSchema,
    }),

  routes: (signal?: AbortSignal) =>
    apiRequest('/api/oncall/routes', { signal, schema: OncallRouteListSchema }),

  now: (signal?: AbortSignal) => apiRequest('/api/oncall/now', { signal, schema: OncallNowSchema }),

  policies: (signal?: AbortSignal) =>
    apiRequest('/api/oncall/escalation-policies', { signal, schema: EscalationPolicyListSchema }),
};
