import {
  AckFormSchema,
  ApiTokenListSchema,
  AssetCollectionSchema,
  AssetImportResultSchema,
  AuditPageSchema,
  BacktestSchema,
  CaseDtoSchema,
  CreatedTokenSchema,
  EscalationPolicySchema,
  HealthCheckSchema,
  IncidentPageSchema,
  IncidentSchema,
  IncidentStatsSchema,
  IncidentWithTimelineSchema,
  LoginResponseSchema,
  MaintenanceItemSchema,
  MaintenanceListSchema,
  OncallNowSchema,
  OncallRouteListSchema,
  OncallRouteSchema,
  OncallScheduleListSchema,
  OncallScheduleSchema,
  OncallSpanListSchema,
  OncallTeamListSchema,
  OncallTeamSchema,
  PublicConfigSchema,
  QuarantineEntrySchema,
  RuleDetailSchema,
  SilenceListSchema,
  SilenceSchema,
  StoredRuleSchema,
  UserAccountListSchema,
  UserAccountResponseSchema,
  UserSchema,
  WatchListSchema,
  WatchModeSchema,
} from '@cityops/contracts';
import { z } from 'zod';

/** A success answer that is not JSON: CSV downloads, the iCal feed, Prometheus text, HTML. */
export interface NonJsonAnswer {
  mediaType: string;
  description: string;
}

/**
 * What the code cannot say about a route by itself: a one-line summary, the contract schema of its
 * answer (handlers return TypeScript types, which are gone at run time), the error statuses
 * particular to it, and a body that no zod pipe reads. Request bodies and query parameters, roles,
 * path parameters and status codes come from the controllers' own decorators and pipes.
 */
export interface RouteDoc {
  summary: string;
  answer?: z.ZodType | NonJsonAnswer;
  /** Status → when, beyond those every route of its kind has (400, 401, 403, 404, 413). */
  errors?: Record<number, string>;
  /** Media type → schema, for a body the handler reads without a zod pipe. */
  body?: Record<string, z.ZodType>;
  /** The success status when the handler sets it itself (`@Res()`), unlike Nest's default. */
  status?: number;
  /** Errors are HTML pages, not the JSON error body (the acknowledge page). */
  htmlErrors?: true;
}

const itemsOf = (item: z.ZodType) => z.object({ items: z.array(item) });
const pageOf = (item: z.ZodType) => z.object({ items: z.array(item), next: z.string().nullable() });
const csv = (description: string): NonJsonAnswer => ({ mediaType: 'text/csv', description });
const html: NonJsonAnswer = { mediaType: 'text/html', description: 'the acknowledge page' };

const CONFLICT_ID = { 409: 'the id is taken' };
const ACK_ERRORS = {
  400: 'malformed link',
  403: 'not a genuine link, or the member is gone',
  404: 'the incident is gone',
  410: 'the link expired or was used',
};

/**
 * Keyed `METHOD /path` as in docs/access-matrix.md. route-docs.spec.ts fails when a route the app
 * mounts has no entry here, or an entry names no route.
 */
export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'POST /api/auth/login': {
    summary: 'Sign in with username and password',
    answer: LoginResponseSchema,
    errors: {
      401: 'unknown user, wrong password, locked or disabled: one generic message',
      429: 'too many failed sign-ins from this address; `Retry-After` says when to try again',
    },
  },
  'POST /api/auth/refresh': {
    summary: 'Trade a refresh token for new access and refresh tokens',
    answer: LoginResponseSchema,
    errors: { 401: 'the session has ended; sign in again' },
  },
  'POST /api/auth/logout': { summary: "End the caller's session" },
  'POST /api/auth/password': {
    summary: 'Change your password (ends every other session)',
    answer: LoginResponseSchema,
  },
  'GET /api/auth/me': { summary: 'Who the token belongs to', answer: UserSchema },
  'POST /api/admin/queues/session': {
    summary: 'Open the queue board: a cookie for /admin/queues (a signed-in admin, not a token)',
  },
  'GET /api/users': { summary: 'List user accounts', answer: UserAccountListSchema },
  'POST /api/users': {
    summary: 'Create a user account',
    answer: UserAccountResponseSchema,
    errors: { 409: 'the username is taken' },
  },
  'PATCH /api/users/:username': {
    summary: 'Change a user: role, districts, disabled, password reset',
    answer: UserAccountResponseSchema,
  },
  'GET /api/tokens': { summary: 'List display and API tokens', answer: ApiTokenListSchema },
  'POST /api/tokens': {
    summary: 'Create a display or API token (its secret is shown only here)',
    answer: CreatedTokenSchema,
  },
  'DELETE /api/tokens/:id': { summary: 'Revoke a token' },
  'GET /api/assets': {
    summary: 'Assets as GeoJSON with latest values, status and open severity',
    answer: AssetCollectionSchema,
  },
  'POST /api/assets/import': {
    summary: 'Import assets from CSV or GeoJSON (up to 50 MiB)',
    answer: AssetImportResultSchema,
    errors: { 413: 'the file is over 50 MiB' },
    body: {
      'text/csv': z.string().describe('header `id,domain,kind,name,district,lng,lat,parentId`'),
      'application/geo+json': z
        .object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) })
        .describe('a FeatureCollection of Points; each feature’s properties as the CSV columns'),
    },
  },
  'GET /api/incidents': {
    summary: 'List incidents, newest first (keyset pages)',
    answer: IncidentPageSchema,
  },
  'GET /api/incidents/stats': {
    summary: 'Incident and case counts by the same filters',
    answer: IncidentStatsSchema,
  },
  'GET /api/incidents/export.csv': {
    summary: 'Export the filtered incidents as CSV',
    answer: csv('UTF-8 with BOM; `X-Export-Rows`, `X-Export-Total`, `X-Export-Truncated` headers'),
  },
  'GET /api/incidents/:id': {
    summary: 'An incident with its timeline',
    answer: IncidentWithTimelineSchema,
  },
  'POST /api/incidents/:id/acknowledge': {
    summary: 'Acknowledge an incident',
    answer: IncidentSchema,
    errors: { 409: 'the incident is not open' },
  },
  'POST /api/incidents/:id/resolve': {
    summary: 'Resolve an incident',
    answer: IncidentSchema,
    errors: { 409: 'the incident is already resolved' },
  },
  'POST /api/incidents/:id/comments': {
    summary: 'Comment on an incident',
    answer: IncidentSchema,
  },
  'POST /api/incidents/:id/assign': {
    summary: 'Assign an incident to a user',
    answer: IncidentSchema,
    errors: { 409: 'the incident is resolved' },
  },
  'GET /api/quarantine': {
    summary: 'List quarantined (rejected) input, newest first',
    answer: pageOf(QuarantineEntrySchema),
  },
  'GET /api/quarantine/export': {
    summary: 'Export quarantined input as CSV',
    answer: csv('UTF-8 with BOM, newest first'),
  },
  'GET /api/cases': { summary: 'List sanitation cases', answer: pageOf(CaseDtoSchema) },
  'GET /api/rules': { summary: 'List alert rules', answer: itemsOf(StoredRuleSchema) },
  'POST /api/rules': {
    summary: 'Create an alert rule',
    answer: StoredRuleSchema,
    errors: { 409: 'a rule with this id exists' },
  },
  'GET /api/rules/:id': { summary: 'A rule with its versions', answer: RuleDetailSchema },
  'PUT /api/rules/:id': {
    summary: 'Replace an alert rule (a new version)',
    answer: StoredRuleSchema,
    errors: { 409: 'the rule is archived or changed meanwhile' },
  },
  'DELETE /api/rules/:id': { summary: 'Archive an alert rule', answer: StoredRuleSchema },
  'POST /api/rules/:id/enable': { summary: 'Enable an alert rule', answer: StoredRuleSchema },
  'POST /api/rules/:id/disable': { summary: 'Disable an alert rule', answer: StoredRuleSchema },
  'POST /api/rules/backtest': {
    summary: 'Backtest a draft rule against stored telemetry',
    answer: BacktestSchema,
  },
  'POST /api/rules/:id/backtest': {
    summary: 'Backtest a stored rule against stored telemetry',
    answer: BacktestSchema,
  },
  'GET /api/backtests/:id': { summary: 'A backtest and its result', answer: BacktestSchema },
  'GET /api/watch': { summary: 'List watches (rainstorm, cold wave)', answer: WatchListSchema },
  'POST /api/watch': {
    summary: 'Start a watch',
    answer: WatchModeSchema,
    errors: { 409: 'a watch already covers this scope' },
  },
  'GET /api/watch/:id': { summary: 'A watch', answer: WatchModeSchema },
  'POST /api/watch/:id/end': {
    summary: 'End a watch',
    answer: WatchModeSchema,
    errors: { 409: 'the watch has ended already' },
  },
  'GET /api/silences': { summary: 'List silences', answer: SilenceListSchema },
  'POST /api/silences': { summary: 'Create a silence', answer: SilenceSchema },
  'GET /api/silences/:id': { summary: 'A silence', answer: SilenceSchema },
  'PUT /api/silences/:id': {
    summary: 'Change a silence',
    answer: SilenceSchema,
    errors: { 409: 'the silence has expired' },
  },
  'POST /api/silences/:id/expire': { summary: 'Expire a silence now', answer: SilenceSchema },
  'GET /api/oncall/teams': { summary: 'List on-call teams', answer: OncallTeamListSchema },
  'POST /api/oncall/teams': {
    summary: 'Create an on-call team',
    answer: OncallTeamSchema,
    errors: { 409: 'the team or a member id is taken' },
  },
  'GET /api/oncall/teams/:id': { summary: 'An on-call team', answer: OncallTeamSchema },
  'PUT /api/oncall/teams/:id': {
    summary: 'Replace an on-call team',
    answer: OncallTeamSchema,
    errors: { 409: 'a member id is taken, or a removed member is named by a schedule' },
  },
  'DELETE /api/oncall/teams/:id': {
    summary: 'Delete an on-call team',
    errors: { 409: 'a schedule or route uses the team' },
  },
  'GET /api/oncall/schedules': { summary: 'List schedules', answer: OncallScheduleListSchema },
  'POST /api/oncall/schedules': {
    summary: 'Create a schedule',
    answer: OncallScheduleSchema,
    errors: CONFLICT_ID,
  },
  'GET /api/oncall/schedules/:id': { summary: 'A schedule', answer: OncallScheduleSchema },
  'PUT /api/oncall/schedules/:id': { summary: 'Replace a schedule', answer: OncallScheduleSchema },
  'DELETE /api/oncall/schedules/:id': { summary: 'Delete a schedule' },
  'GET /api/oncall/schedules/:id/spans': {
    summary: "A schedule's shifts between two times (at most 92 days)",
    answer: OncallSpanListSchema,
  },
  'GET /api/oncall/routes': {
    summary: 'List routing rules, the default last',
    answer: OncallRouteListSchema,
  },
  'POST /api/oncall/routes': {
    summary: 'Create a routing rule',
    answer: OncallRouteSchema,
    errors: { 409: 'the id or order is taken, or a second default route' },
  },
  'GET /api/oncall/routes/:id': { summary: 'A routing rule', answer: OncallRouteSchema },
  'PUT /api/oncall/routes/:id': {
    summary: 'Replace a routing rule',
    answer: OncallRouteSchema,
    errors: { 409: 'the order is taken, or a second default route' },
  },
  'DELETE /api/oncall/routes/:id': { summary: 'Delete a routing rule' },
  'GET /api/oncall/now': { summary: 'Who is on call now, per team', answer: OncallNowSchema },
  'GET /api/oncall/ical/:file': {
    summary: "A member's shifts as an iCal feed (`<member>.ics?token=`)",
    answer: { mediaType: 'text/calendar', description: 'RFC 5545 calendar' },
    errors: { 401: 'wrong token or unknown member' },
  },
  'GET /api/oncall/escalation-policies': {
    summary: 'List escalation policies',
    answer: itemsOf(EscalationPolicySchema),
  },
  'POST /api/oncall/escalation-policies': {
    summary: 'Create an escalation policy',
    answer: EscalationPolicySchema,
    errors: { 409: 'the id is taken, a route or team is in another policy, or a second default' },
  },
  'GET /api/oncall/escalation-policies/:id': {
    summary: 'An escalation policy',
    answer: EscalationPolicySchema,
  },
  'PUT /api/oncall/escalation-policies/:id': {
    summary: 'Replace an escalation policy',
    answer: EscalationPolicySchema,
    errors: { 409: 'a route or team is in another policy, or a second default' },
  },
  'DELETE /api/oncall/escalation-policies/:id': { summary: 'Delete an escalation policy' },
  'GET /api/maintenance': {
    summary: 'List sensor maintenance items',
    answer: MaintenanceListSchema,
  },
  'POST /api/maintenance/:id/resolve': {
    summary: 'Resolve a maintenance item',
    answer: MaintenanceItemSchema,
    errors: { 409: 'the item is already resolved' },
  },
  'GET /api/health': {
    summary: 'Liveness: the process runs',
    answer: z.object({ status: z.literal('ok') }),
  },
  'GET /api/health/ready': {
    summary: 'Readiness: Redis, InfluxDB and the database answer',
    answer: HealthCheckSchema,
    errors: { 503: 'a dependency fails (the body is the same `HealthCheck`)' },
  },
  'GET /metrics': {
    summary: 'Prometheus metrics',
    answer: { mediaType: 'text/plain', description: 'Prometheus text format 0.0.4' },
  },
  'GET /api/config': {
    summary: 'What the console needs before sign-in',
    answer: PublicConfigSchema,
  },
  'GET /api/telemetry/:sensorId': {
    summary: "A sensor's readings over time (raw or rolled up)",
  },
  'GET /api/audit': { summary: 'List audit trail entries, newest first', answer: AuditPageSchema },
  'GET /api/audit/export.csv': {
    summary: 'Export audit trail entries as CSV',
    answer: csv('UTF-8 with BOM; `X-Export-Rows`, `X-Export-Total`, `X-Export-Truncated` headers'),
  },
  'GET /ack/:token': {
    summary: 'The acknowledge page of a signed link in a message',
    answer: html,
    errors: ACK_ERRORS,
    htmlErrors: true,
  },
  'POST /ack/:token': {
    summary: 'Acknowledge an incident through a signed link',
    answer: html,
    status: 200,
    body: { 'application/x-www-form-urlencoded': AckFormSchema },
    errors: { ...ACK_ERRORS, 400: 'malformed link or note', 409: 'the incident is no longer open' },
    htmlErrors: true,
  },
};
