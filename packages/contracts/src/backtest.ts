import { z } from 'zod';
import { DistrictCodeSchema } from './districts.js';
import { ALERT_TRANSITION_KINDS } from './queues.js';
import { RuleSchema } from './rules.js';
import { type SEVERITIES, SeveritySchema } from './severity.js';

/*
 * Backtests (docs/rules.md, "Backtest"): a stored or draft rule run over the history in InfluxDB
 * through the same pure evaluators and alert state machine as the live paths, answering the
 * incidents it would have opened. Nothing live is touched: no alert state, incidents, or pages.
 */

/** Limits a backtest request must keep (a request past one answers 400 saying which). */
export const BACKTEST_LIMITS = {
  /** The raw retention policy keeps 90 days; older history is only in 5-minute rollups. */
  maxWindowDays: 90,
  /** Series (asset × tag set) the rule may cover; narrow with `district` or `assetIds`. */
  maxSeries: 2_000,
  /** Windows up to this long answer at once (200); longer ones run as a job (202, then poll). */
  syncMaxHours: 24,
  /** Incidents listed in a result (the summary counts all of them). */
  maxIncidents: 5_000,
  /** Transitions listed per incident (the count says how many there were). */
  maxTransitionsPerIncident: 200,
  /** How long a result can be fetched with GET /api/backtests/:id. */
  resultTtlHours: 24,
} as const;

/** Backtests cover the rule types whose inputs are telemetry in InfluxDB. */
export const BACKTEST_RULE_TYPES = ['threshold', 'window', 'no_data'] as const;

const Iso = z.iso.datetime({ offset: true });

/** The window and optional narrowing shared by both forms of the request. */
const window = {
  /** Start of the history to replay (inclusive), ISO 8601 with offset. */
  from: Iso,
  /** End (exclusive), at most 90 days after `from` and not in the future. */
  to: Iso,
  /** Only assets of this district. */
  district: DistrictCodeSchema.optional(),
  /** Only these assets. */
  assetIds: z
    .array(
      z
        .string()
        .regex(
          /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
          'asset ids are 1 to 64 letters, digits, "_", "." or "-"',
        ),
    )
    .min(1)
    .max(500)
    .optional(),
};

/** POST /api/rules/:id/backtest: the stored rule (its current version, even if disabled). */
export const BacktestRequestSchema = z.strictObject(window);
export type BacktestRequest = z.infer<typeof BacktestRequestSchema>;

/** POST /api/rules/backtest: a draft rule that need not be stored (validated like a new rule). */
export const BacktestDraftRequestSchema = z.strictObject({ rule: RuleSchema, ...window });
export type BacktestDraftRequest = z.infer<typeof BacktestDraftRequestSchema>;

export const BacktestTransitionSchema = z.object({
  kind: z.enum(ALERT_TRANSITION_KINDS),
  at: z.string(),
  severity: SeveritySchema.nullable(),
  previousSeverity: SeveritySchema.nullable(),
  value: z.number(),
  flapping: z.boolean(),
});
export type BacktestTransition = z.infer<typeof BacktestTransitionSchema>;

/** An incident the rule would have opened. */
export const BacktestIncidentSchema = z.object({
  /** The live dedup key: `ruleId|assetId`. */
  key: z.string(),
  assetId: z.string(),
  assetName: z.string().nullable(),
  district: z.string().nullable(),
  openedAt: z.string(),
  /** Null: still open at the end of the window. */
  resolvedAt: z.string().nullable(),
  openSeverity: SeveritySchema,
  peakSeverity: SeveritySchema,
  /** Event time of the first transition at the peak severity. */
  peakAt: z.string(),
  /** The largest (for `below` rules: smallest) value among its transitions. */
  peakValue: z.number(),
  flapping: z.boolean(),
  transitions: z.array(BacktestTransitionSchema),
  /** How many transitions there were (the list keeps the first ones). */
  transitionCount: z.number().int(),
});
export type BacktestIncident = z.infer<typeof BacktestIncidentSchema>;

export const BacktestResultSchema = z.object({
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  /** A draft rule rather than the stored one. */
  draft: z.boolean(),
  from: z.string(),
  to: z.string(),
  /** Series read from InfluxDB and points run through the rule. */
  series: z.number().int(),
  points: z.number().int(),
  /** InfluxQL queries made (one grouped query per time chunk). */
  queries: z.number().int(),
  summary: z.object({
    incidents: z.number().int(),
    /** Incidents still open at the end of the window. */
    open: z.number().int(),
    transitions: z.number().int(),
    /** Incidents by peak severity. */
    byPeakSeverity: z.record(SeveritySchema, z.number().int()),
  }),
  /** Oldest first; at most BACKTEST_LIMITS.maxIncidents. */
  incidents: z.array(BacktestIncidentSchema),
  truncated: z.boolean(),
  durationMs: z.number(),
});
export type BacktestResult = z.infer<typeof BacktestResultSchema>;

export const BACKTEST_STATUSES = ['running', 'done', 'failed'] as const;

/**
 * A backtest as GET /api/backtests/:id answers it; POST answers the same shape, 200 and done for a
 * short window, 202 and running for a long one.
 */
export const BacktestSchema = z.object({
  id: z.string(),
  status: z.enum(BACKTEST_STATUSES),
  /** 0..1, the share of the window evaluated. */
  progress: z.number().min(0).max(1),
  ruleId: z.string(),
  draft: z.boolean(),
  from: z.string(),
  to: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  finishedAt: z.string().nullable(),
  result: BacktestResultSchema.optional(),
  error: z.string().optional(),
});
export type Backtest = z.infer<typeof BacktestSchema>;

/** An empty count per severity (summary.byPeakSeverity). */
export function severityCounts(): Record<(typeof SEVERITIES)[number], number> {
  return { blue: 0, yellow: 0, orange: 0, red: 0 };
}
