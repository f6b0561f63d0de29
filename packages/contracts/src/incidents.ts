import { z } from 'zod';
import { DomainSchema } from './domains.js';
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
  updatedAt: z.string(),
  lastValue: z.number().nullable(),
  /** The condition keeps flipping and the rule's flap damping holds the incident open. */
  flapping: z.boolean(),
  location: z.tuple([z.number(), z.number()]).nullable(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const TIMELINE_EVENT_TYPES = [
  'opened',
  'severity_changed',
  'value_updated',
  'acknowledged',
  'assigned',
  'comment',
  'resolved',
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

export const IncidentWithTimelineSchema = IncidentSchema.extend({
  timeline: z.array(TimelineEventSchema),
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

/** GET /api/incidents query string. Comma-separated lists are accepted for status, domain, severity, district. */
export const IncidentListQuerySchema = z
  .object({
    status: commaListOf(IncidentStatusSchema).optional(),
    domain: commaListOf(DomainSchema).optional(),
    severity: commaListOf(SeveritySchema).optional(),
    district: commaListOf(z.string().regex(/^\d{6}$/, 'district is a 6-digit code')).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
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
