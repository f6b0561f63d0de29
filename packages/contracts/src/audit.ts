import { z } from 'zod';
import { INCIDENT_EXPORT_HEADERS } from './incidents.js';

/**
 * The audit trail (docs/security.md#audit-trail): one entry per state-changing action, written by
 * the backend in the same transaction as the change and never edited. `actor` is a username, the
 * username typed at a failed sign-in, or `system`; `target` what was acted on (an incident or
 * silence id, a rule id, `oncall-team:<id>`, …); `ip` the caller's address; `data` the details,
 * with `before` and `after` for changes to settings (rules, silences, on-call, escalation).
 */
export const AuditEntrySchema = z.object({
  /** Increasing with each entry (a bigserial), as a string. */
  id: z.string().regex(/^\d+$/, 'id is a decimal number'),
  at: z.iso.datetime({ offset: true, error: 'at is an ISO 8601 time' }),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** An action name (`incident.acknowledged`, `oncall.team.updated`) as the filter takes it. */
const ACTION_NAME = /^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/;

/**
 * The `action` filter: an action name, matched exactly, or a prefix ending in `.*` (`incident.*`:
 * every action starting with `incident.`; `oncall.team.*`).
 */
export const AuditActionFilterSchema = z
  .string()
  .trim()
  .max(100, 'action is at most 100 characters')
  .refine(
    (a) => ACTION_NAME.test(a.endsWith('.*') ? a.slice(0, -2) : a),
    'action is an action name such as incident.acknowledged, or a prefix ending in .* such as incident.*',
  );

/** How `action` is applied: an exact name, or the prefix (with its dot) every match starts with. */
export function auditActionMatch(action: string): { exact: string } | { prefix: string } {
  return action.endsWith('.*') ? { prefix: action.slice(0, -1) } : { exact: action };
}

const timeFilter = (name: string) =>
  z.iso.datetime({
    offset: true,
    error: `${name} is an ISO 8601 time with a zone, e.g. 2026-11-26T08:00:00+08:00`,
  });

/** The filters GET /api/audit and /api/audit/export.csv share; every one given must match. */
export const auditFilterFields = {
  actor: z
    .string()
    .trim()
    .min(1, 'actor is a username')
    .max(100, 'actor is at most 100 characters')
    .optional(),
  action: AuditActionFilterSchema.optional(),
  target: z
    .string()
    .trim()
    .min(1, 'target is what was acted on, e.g. an incident id or oncall-team:<id>')
    .max(200, 'target is at most 200 characters')
    .optional(),
  /** `[from, to)` on the time of the entry. */
  from: timeFilter('from').optional(),
  to: timeFilter('to').optional(),
};
export type AuditFilter = z.infer<z.ZodObject<typeof auditFilterFields>>;

const fromBeforeTo = (q: { from?: string; to?: string }) =>
  !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to);
const FROM_BEFORE_TO = { path: ['from'], message: 'from must be before to' };

/** GET /api/audit query string: the filters, a page size and the opaque keyset cursor. */
export const AuditQuerySchema = z
  .strictObject({
    ...auditFilterFields,
    limit: z.coerce
      .number({ error: 'limit is a number from 1 to 500' })
      .int('limit is a whole number from 1 to 500')
      .min(1, 'limit is a number from 1 to 500')
      .max(500, 'limit is a number from 1 to 500')
      .default(100),
    cursor: z
      .string()
      .max(200, 'cursor is not one this API issued; start again without it')
      .regex(/^[A-Za-z0-9_-]+$/, 'cursor is not one this API issued; start again without it')
      .optional(),
  })
  .refine(fromBeforeTo, FROM_BEFORE_TO);
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** A page of the trail, newest first; `next` is the cursor of the following page (null: the last). */
export const AuditPageSchema = z.object({
  items: z.array(AuditEntrySchema),
  next: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** The most rows one audit CSV export writes; a larger result is cut there and says so in its headers. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

/** GET /api/audit/export.csv query string: the list's filters (no cursor) and `limit`, the rows wanted. */
export const AuditExportQuerySchema = z
  .strictObject({
    ...auditFilterFields,
    limit: z.coerce
      .number({ error: `limit is a number from 1 to ${AUDIT_EXPORT_MAX_ROWS}` })
      .int(`limit is a whole number from 1 to ${AUDIT_EXPORT_MAX_ROWS}`)
      .min(1, `limit is a number from 1 to ${AUDIT_EXPORT_MAX_ROWS}`)
      .max(AUDIT_EXPORT_MAX_ROWS, `limit is a number from 1 to ${AUDIT_EXPORT_MAX_ROWS}`)
      .default(AUDIT_EXPORT_MAX_ROWS),
  })
  .refine(fromBeforeTo, FROM_BEFORE_TO);
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;

/**
 * The columns of the audit CSV export, in order. `at` is the city's wall clock (Asia/Shanghai) as
 * `2026-11-26 08:05:09`, which spreadsheets read as a date (`id` keeps the exact order); `data` is
 * the entry's details as JSON.
 */
export const AUDIT_CSV_HEADER = ['id', 'at', 'actor', 'action', 'target', 'ip', 'data'] as const;

/** Response headers of the CSV export, as the incidents export sends them: rows, total, truncated. */
export const AUDIT_EXPORT_HEADERS = INCIDENT_EXPORT_HEADERS;
