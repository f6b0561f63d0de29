import { z } from 'zod';
import { INCIDENT_STATUSES, incidentFilterFields } from './incidents.js';
import { SEVERITIES } from './severity.js';

export const STATS_GROUPINGS = ['domain', 'district', 'category', 'day'] as const;
export const StatsGroupingSchema = z.enum(STATS_GROUPINGS);
export type StatsGrouping = z.infer<typeof StatsGroupingSchema>;

/** The widest window one stats request may cover. */
export const MAX_STATS_RANGE_DAYS = 366;
/** Without `from`: this many days before `to` (default now). */
export const DEFAULT_STATS_RANGE_DAYS = 30;

/**
 * The city's zone: `groupBy=day` keys each group by its calendar day here (YYYY-MM-DD), and the CSV
 * export writes its times in it.
 */
export const CITY_TIME_ZONE = 'Asia/Shanghai';

/**
 * GET /api/incidents/stats?from=&to=&groupBy=: incidents opened and cases reported in [from, to).
 * groupBy `domain` (default), `district`, `category` (sanitation case category) or `day` (the
 * day in CITY_TIME_ZONE, `2026-11-26`). Optionally narrowed by the list's filters (status,
 * domain, severity, district, category, handledBy): incidents by all of them, cases by district and
 * category (and none when the domains asked for leave out sanitation).
 */
export const IncidentStatsQuerySchema = z
  .strictObject({
    status: incidentFilterFields.status,
    domain: incidentFilterFields.domain,
    severity: incidentFilterFields.severity,
    district: incidentFilterFields.district,
    category: incidentFilterFields.category,
    handledBy: incidentFilterFields.handledBy,
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    groupBy: StatsGroupingSchema.default('domain'),
  })
  .superRefine((q, ctx) => {
    const to = q.to ? Date.parse(q.to) : Date.now();
    const from = q.from ? Date.parse(q.from) : to - DEFAULT_STATS_RANGE_DAYS * 86_400_000;
    if (from >= to)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must be before to' });
    else if (to - from > MAX_STATS_RANGE_DAYS * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `the range spans at most ${MAX_STATS_RANGE_DAYS} days`,
      });
  });
export type IncidentStatsQuery = z.infer<typeof IncidentStatsQuerySchema>;

const counts = <const K extends readonly string[]>(keys: K) =>
  z.object(
    Object.fromEntries(keys.map((k) => [k, z.number().int()])) as {
      [P in K[number]]: z.ZodNumber;
    },
  );

/**
 * Time-limit compliance of sanitation cases reported in the window. `onTimeRate`: the share of
 * decided cases (closed, or open past their due time) that were closed by their due time; null when
 * none is decided yet.
 */
export const CaseComplianceSchema = z.object({
  total: z.number().int(),
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  closedLate: z.number().int(),
  openPastDue: z.number().int(),
  openWithinLimit: z.number().int(),
  onTimeRate: z.number().nullable(),
});
export type CaseCompliance = z.infer<typeof CaseComplianceSchema>;

export const IncidentStatsGroupSchema = z.object({
  /** The domain, district code, case category or day; null for incidents without one (no district; a cluster). */
  key: z.string().nullable(),
  total: z.number().int(),
  bySeverity: counts(SEVERITIES),
  byStatus: counts(INCIDENT_STATUSES),
  /** Recorded but not paged: silenced, suppressed upstream, from a suspect sensor. */
  silenced: z.number().int(),
  suppressed: z.number().int(),
  suspect: z.number().int(),
  acknowledged: z.number().int(),
  /** Mean time to acknowledge in seconds, over acknowledged incidents; null when none. */
  mttaSeconds: z.number().nullable(),
  resolved: z.number().int(),
  /** Mean time to resolve in seconds, over resolved incidents; null when none. */
  mttrSeconds: z.number().nullable(),
  /** Sanitation time-limit compliance of the group's cases; null where cases do not apply. */
  cases: CaseComplianceSchema.nullable(),
});
export type IncidentStatsGroup = z.infer<typeof IncidentStatsGroupSchema>;

export const IncidentStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: StatsGroupingSchema,
  /** Computed at (open cases past due are counted as of this time). */
  asOf: z.string(),
  groups: z.array(IncidentStatsGroupSchema),
  /** Every group together (key null). */
  total: IncidentStatsGroupSchema,
});
export type IncidentStats = z.infer<typeof IncidentStatsSchema>;
