import { z } from 'zod';
import { type Domain, DomainSchema } from './domains.js';
import { type CaseCategory, CaseCategorySchema, CaseDtoSchema } from './sanitation.js';
import { SeveritySchema } from './severity.js';

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** The Incident DTO: REST answers and live events carry exactly this. */
export const IncidentSchema = z.object({
  id: z.string(),
  /** Dedup key: one open incident per key (rule + asset, or rule + area). */
  key: z.string(),
  domain: DomainSchema,
  ruleId: z.string(),
  assetId: z.string().nullable(),
  assetName: z.string().nullable(),
  district: z.string().nullable(),
  severity: SeveritySchema,
  status: IncidentStatusSchema,
  title: z.string(),
  metric: z.string().nullable(),
  openedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /**
   * Who acknowledged it (username); null while not acknowledged. Optional only so that older
   * producers of this DTO still validate: the backend's answers and live events always carry it.
   */
  acknowledgedBy: z.string().nullable().optional(),
  /** Who resolved it (username, or "system" when its condition cleared); null while not resolved. */
  resolvedBy: z.string().nullable().optional(),
  updatedAt: z.string(),
  lastValue: z.number().nullable(),
  /** The condition keeps flipping and the rule's flap damping holds the incident open. */
  flapping: z.boolean(),
  location: z.tuple([z.number(), z.number()]).nullable(),
  /** A silence (maintenance window) matched it: recorded, not paged (docs/incidents.md). */
  silenced: z.boolean(),
  /** The silence that matched, while `silenced`. */
  silenceId: z.string().nullable(),
  /** Opened while an upstream asset (parent chain) had an open incident: that incident's id; not paged. */
  suppressedBy: z.string().nullable(),
  /** Raised by a sensor the quality gate holds suspect (stuck, spiking, sentinels): not paged. */
  suspect: z.boolean(),
  /** Sanitation cases attached to this incident (one record across sources). */
  linkedCases: z.number().int(),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** Whether notifications should page this incident: not silenced, not suppressed upstream, not from a suspect sensor. */
export function isPageable(
  incident: Pick<Incident, 'silenced' | 'suppressedBy' | 'suspect'>,
): boolean {
  return !incident.silenced && incident.suppressedBy === null && !incident.suspect;
}

export const TIMELINE_EVENT_TYPES = [
  'opened',
  'severity_changed',
  'value_updated',
  'acknowledged',
  'assigned',
  'comment',
  'resolved',
  /** A sanitation case attached to the incident (data: caseId, category, description, distanceM). */
  'case_linked',
  /** A silence created or edited meanwhile now covers the open incident (data: silenceId). */
  'silenced',
  /** The silence covering the open incident ended or was expired: it pages again. */
  'unsilenced',
  /** The quality gate found the incident's sensor suspect (data: maintenanceId, kind). */
  'suspect',
  /** A watch (watch mode) started or ended in the incident's district or the city (data: watchId, kind, scope, change). */
  'watch_changed',
  /** A notification was delivered (data: deliveryId, channel, recipient, attempts). */
  'notified',
  /** A notification failed for now and will be retried (data: deliveryId, channel, recipient, reason). */
  'notification_retrying',
  /** A notification could not be delivered: permanent refusal or attempts exhausted (data: … reason). */
  'notification_failed',
  /** An escalation step paged its recipients (data: round, step, recipients), or escalation stopped. */
  'escalated',
] as const;
export const TimelineEventTypeSchema = z.enum(TIMELINE_EVENT_TYPES);
export type TimelineEventType = z.infer<typeof TimelineEventTypeSchema>;

export const TimelineEventSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  at: z.string(),
  type: TimelineEventTypeSchema,
  /** Username, or "system" for rule-driven changes. */
  actor: z.string(),
  message: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

/** A sanitation case attached to an incident, with how far it lies from the incident's asset. */
export const LinkedCaseSchema = CaseDtoSchema.extend({
  distanceM: z.number(),
  linkedAt: z.string(),
});
export type LinkedCase = z.infer<typeof LinkedCaseSchema>;

export const IncidentWithTimelineSchema = IncidentSchema.extend({
  timeline: z.array(TimelineEventSchema),
  /** The attached sanitation cases, oldest link first. */
  cases: z.array(LinkedCaseSchema),
});
export type IncidentWithTimeline = z.infer<typeof IncidentWithTimelineSchema>;

/** A query parameter holding a comma-separated list: "open,acknowledged" → ["open", "acknowledged"]. */
export const commaListOf = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(20));

/**
 * The filters GET /api/incidents, /api/incidents/export.csv and /api/incidents/stats share.
 * Comma-separated lists for status, domain, severity, district and category; `category` keeps
 * sanitation incidents about a case of those categories; `handledBy` keeps incidents a user
 * acknowledged or resolved; `[from, to)` is on the opening time.
 */
export const incidentFilterFields = {
  status: commaListOf(IncidentStatusSchema).optional(),
  domain: commaListOf(DomainSchema).optional(),
  severity: commaListOf(SeveritySchema).optional(),
  district: commaListOf(z.string().regex(/^\d{6}$/, 'district is a 6-digit code')).optional(),
  category: commaListOf(CaseCategorySchema).optional(),
  handledBy: z.string().trim().min(1, 'handledBy is a username').max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};
export type IncidentFilter = z.infer<z.ZodObject<typeof incidentFilterFields>>;

/** GET /api/incidents query string: the filters, a page size and the keyset cursor. */
export const IncidentListQuerySchema = z
  .object({
    ...incidentFilterFields,
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type IncidentListQuery = z.infer<typeof IncidentListQuerySchema>;

export const IncidentPageSchema = z.object({
  items: z.array(IncidentSchema),
  next: z.string().nullable(),
});
export type IncidentPage = z.infer<typeof IncidentPageSchema>;

/** The most rows one CSV export writes; a larger result is cut there and says so in its headers. */
export const INCIDENT_EXPORT_MAX_ROWS = 50_000;

/**
 * GET /api/incidents/export.csv query string: the list's filters (no cursor) and `limit`, the rows
 * wanted (at most, and by default, INCIDENT_EXPORT_MAX_ROWS).
 */
export const IncidentExportQuerySchema = z
  .strictObject({
    ...incidentFilterFields,
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(INCIDENT_EXPORT_MAX_ROWS)
      .default(INCIDENT_EXPORT_MAX_ROWS),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    path: ['from'],
    message: 'from must be before to',
  });
export type IncidentExportQuery = z.infer<typeof IncidentExportQuerySchema>;

/**
 * The columns of the incidents CSV export, in order. Times are the city's wall clock (Asia/Shanghai)
 * as `2026-11-26 08:05:09`, which spreadsheets read as a date; durations in whole seconds.
 */
export const INCIDENT_CSV_HEADER = [
  'id',
  'openedAt',
  'severity',
  'domain',
  'district',
  'districtName',
  'title',
  'status',
  'assetId',
  'assetName',
  'metric',
  'lastValue',
  'acknowledgedAt',
  'acknowledgedBy',
  'resolvedAt',
  'resolvedBy',
  'ttaSeconds',
  'ttrSeconds',
] as const;

/** Response headers of the CSV export: rows written, rows matching, and "true" when cut at the limit. */
export const INCIDENT_EXPORT_HEADERS = {
  rows: 'X-Export-Rows',
  total: 'X-Export-Total',
  truncated: 'X-Export-Truncated',
} as const;

export const IncidentActionBodySchema = z
  .object({ note: z.string().trim().max(2000).optional() })
  .strict();
export const IncidentCommentBodySchema = z
  .object({ text: z.string().trim().min(1).max(4000) })
  .strict();
export const IncidentAssignBodySchema = z
  .object({
    assignee: z.string().trim().min(1).max(100),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

/**
 * One record across sources: which incident domains a sanitation case of a category may join
 * (a citizen's "standing water" report near an underpass that is flooding). Categories not listed
 * never join an incident.
 */
export type CaseDomainMapping = Partial<Record<CaseCategory, readonly Domain[]>>;

export const DEFAULT_CASE_DOMAINS: CaseDomainMapping = {
  standing_water: ['waterlogging'],
  snow_ice: ['waterlogging'],
};

/**
 * Parses "standing_water:waterlogging,snow_ice:waterlogging|heating" (the CROSS_SOURCE_DOMAINS
 * setting). Returns the mapping, or the problems found (unknown category or domain, bad shape).
 */
export function parseCaseDomains(
  text: string,
): { ok: true; mapping: CaseDomainMapping } | { ok: false; problems: string[] } {
  const mapping: CaseDomainMapping = {};
  const problems: string[] = [];
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, mapping };
  for (const pair of trimmed.split(',')) {
    const [category, domains, ...rest] = pair.split(':').map((p) => p.trim());
    const parsedCategory = CaseCategorySchema.safeParse(category);
    if (!parsedCategory.success || !domains || rest.length) {
      problems.push(`"${pair.slice(0, 60)}" is not category:domain[|domain]`);
      continue;
    }
    const list: Domain[] = [];
    for (const domain of domains.split('|').map((d) => d.trim())) {
      const parsed = DomainSchema.safeParse(domain);
      if (parsed.success) list.push(parsed.data);
      else problems.push(`unknown domain "${domain.slice(0, 40)}" for ${parsedCategory.data}`);
    }
    mapping[parsedCategory.data] = list;
  }
  return problems.length ? { ok: false, problems } : { ok: true, mapping };
}
