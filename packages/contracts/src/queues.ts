import { z } from 'zod';
import { ReadingSchema } from './readings.js';
import { RejectionSchema } from './quarantine.js';
import { DistrictCodeSchema } from './districts.js';
import { RuleSchema } from './rules.js';
import { SanitationCaseSchema } from './sanitation.js';
import { SeveritySchema } from './severity.js';
import { DeliverNotificationJobSchema, SendDigestJobSchema } from './notifications.js';
import { EscalationStepJobSchema } from './escalation.js';

/** BullMQ queues. Collectors produce onto telemetry and quarantine; the backend owns incidents. */
export const QueueName = {
  Telemetry: 'telemetry',
  Incidents: 'incidents',
  Quarantine: 'quarantine',
  Cases: 'cases',
  /** Rule backtests over InfluxDB history (long windows; see contracts/backtest.ts). */
  Backtests: 'backtests',
  /** Tick path: one job per rule and tick (no-data, window, case and held-duration rules). */
  Ticks: 'ticks',
  /** One message on one channel for one recipient (docs/notifications.md). */
  Notifications: 'notifications',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  /** Fast path: evaluate threshold/rate rules over a freshly written batch, every reading in time order. */
  EvaluateReadings: 'evaluate-readings',
  /** Apply one alert state transition to the incident store (idempotent on transitionId). */
  ApplyAlertTransition: 'apply-alert-transition',
  /** Store rejected input in the quarantine. */
  RecordRejections: 'record-rejections',
  /** Insert or update sanitation cases by id (a newer updatedAt wins). */
  UpsertCases: 'upsert-cases',
  /** Run a rule over a window of history and store the incidents it would have opened. */
  RunBacktest: 'run-backtest',
  /** Tick path: evaluate one rule at one tick time (job id: tick|ruleId|tickAt). */
  EvaluateRuleTick: 'evaluate-rule-tick',
  /** Put one notification on one channel for one recipient (job id: its deliveryId). */
  DeliverNotification: 'deliver-notification',
  /** Run one escalation step of an incident (delayed; job id: escalation|incident|round|step). */
  EscalationStep: 'escalation-step',
  /** Send the digest of an alert storm's held messages (delayed; job id: digest|stormKey|slotAt). */
  SendDigest: 'send-digest',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export const EvaluateReadingsJobSchema = z.object({
  /** Source instance that wrote the batch, e.g. "heating-http:scada-1". */
  source: z.string().min(1).max(100),
  readings: z.array(ReadingSchema).min(1).max(50_000),
});

export const ALERT_TRANSITION_KINDS = ['raised', 'changed', 'cleared'] as const;
export const AlertTransitionJobSchema = z.object({
  /** Deterministic: the same evaluation always yields the same id, so a retry is a no-op. */
  transitionId: z.string().min(1).max(300),
  ruleId: z.string(),
  assetId: z.string(),
  kind: z.enum(ALERT_TRANSITION_KINDS),
  severity: SeveritySchema.nullable(),
  previousSeverity: SeveritySchema.nullable(),
  /** Event time of the reading that caused the transition (epoch ms). */
  at: z.number().int(),
  value: z.number(),
  metric: z.string(),
  /** The rule's flap damping holds this alert raised: the condition keeps flipping. */
  flapping: z.boolean().default(false),
  /**
   * What the incident is about when `assetId` names no registered asset (a sanitation case, a
   * cluster of cases): its display name, district and location. Null for asset rules.
   */
  subject: z
    .object({
      name: z.string().min(1).max(200),
      district: z.string().nullable(),
      location: z.tuple([z.number(), z.number()]).nullable(),
    })
    .nullable()
    .default(null),
});
export type AlertTransition = z.infer<typeof AlertTransitionJobSchema>;

export const RecordRejectionsJobSchema = z.object({
  rejections: z.array(RejectionSchema).min(1).max(10_000),
});

export const UpsertCasesJobSchema = z.object({
  source: z.string().min(1).max(100),
  cases: z.array(SanitationCaseSchema).min(1).max(10_000),
});

export const RunBacktestJobSchema = z.object({
  /** The backtest's id (also the job id): GET /api/backtests/:id. */
  id: z.uuid(),
  /** The rule as it was when requested (the stored version, or the draft). */
  rule: RuleSchema,
  draft: z.boolean(),
  /** Window in epoch ms, [from, to). */
  from: z.number().int(),
  to: z.number().int(),
  district: DistrictCodeSchema.optional(),
  assetIds: z.array(z.string().min(1).max(64)).max(500).optional(),
});

export const EvaluateRuleTickJobSchema = z.object({
  ruleId: z.string().min(1).max(63),
  /**
   * The tick's time (epoch ms): the scheduler's wall time truncated to the rule's cadence, used as
   * "now" in event time. The same rule and tick time always make the same job id.
   */
  tickAt: z.number().int().nonnegative(),
});

export const JOBS = {
  [JobName.EvaluateReadings]: { queue: QueueName.Telemetry, schema: EvaluateReadingsJobSchema },
  [JobName.ApplyAlertTransition]: { queue: QueueName.Incidents, schema: AlertTransitionJobSchema },
  [JobName.RecordRejections]: { queue: QueueName.Quarantine, schema: RecordRejectionsJobSchema },
  [JobName.UpsertCases]: { queue: QueueName.Cases, schema: UpsertCasesJobSchema },
  [JobName.RunBacktest]: { queue: QueueName.Backtests, schema: RunBacktestJobSchema },
  [JobName.EvaluateRuleTick]: { queue: QueueName.Ticks, schema: EvaluateRuleTickJobSchema },
  [JobName.DeliverNotification]: {
    queue: QueueName.Notifications,
    schema: DeliverNotificationJobSchema,
  },
  [JobName.EscalationStep]: { queue: QueueName.Notifications, schema: EscalationStepJobSchema },
  [JobName.SendDigest]: { queue: QueueName.Notifications, schema: SendDigestJobSchema },
} as const satisfies Record<JobName, { queue: QueueName; schema: z.ZodType }>;

/** The payload type of a job, by name: JobOf<'evaluate-readings'>. */
export type JobOf<N extends JobName> = z.infer<(typeof JOBS)[N]['schema']>;

/** Redis key names shared by the processes (all under one prefix so tests and tenants stay apart). */
export function redisKeys(prefix: string) {
  return {
    /** BullMQ's own prefix. */
    bull: `${prefix}:bull`,
    /** Hash: asset id -> AssetRegistryEntry JSON; written by the backend, read by collectors. */
    assetRegistry: `${prefix}:assets`,
    /** Hash: asset id -> latest values JSON. */
    latest: `${prefix}:latest`,
    /** Hash: "ruleId|assetId" -> AlertState JSON. */
    alertState: `${prefix}:alert-state`,
    /** String with TTL: a backtest's status, progress and result JSON (GET /api/backtests/:id). */
    backtest: (id: string) => `${prefix}:backtests:${id}`,
    /** Pub/sub channel: watch modes changed; every process reloads its copy. */
    watchChanged: `${prefix}:watch:changed`,
    /** Socket.IO Redis adapter/emitter channel. */
    socketIo: `${prefix}:socket.io`,
    /** String with TTL: one collector instance's CollectorHeartbeat JSON. */
    collectorHeartbeat: (instanceId: string) => `${prefix}:collectors:${instanceId}`,
    collectorHeartbeatPattern: `${prefix}:collectors:*`,
    /**
     * String with TTL: the owner id of the collector instance that runs this source (its lease).
     * Outside `collectors:*` so the heartbeat pattern never matches it.
     */
    collectorLease: (source: string) => `${prefix}:collector-lease:${source}`,
    /** String: a source's checkpoint JSON, written only by the lease holder (collectors with a lease). */
    collectorCheckpoint: (source: string) => `${prefix}:collector-checkpoint:${source}`,
    /** Counter with TTL: messages sent to one notification target in one rate-limit window. */
    notifyRate: (targetKey: string, window: number) =>
      `${prefix}:notify:rate:${targetKey}:${window}`,
    /** String with TTL: the receiver answered "rate limited"; nothing is sent to the target until it expires. */
    notifyBlock: (targetKey: string) => `${prefix}:notify:block:${targetKey}`,
    /** Alert storm state of one storm key (docs/notifications.md, "Alert storms"). */
    notifyStorm: (stormKey: string) => ({
      /** Sorted set: incident id -> when it was first paged in the window. */
      recent: `${prefix}:notify:storm:${stormKey}:recent`,
      /** Hash: incident id -> when it was held for the digest. */
      held: `${prefix}:notify:storm:${stormKey}:held`,
      /** String: epoch ms of the digest due next (absent: none scheduled). */
      slot: `${prefix}:notify:storm:${stormKey}:slot`,
      /** String: epoch ms of the last digest sent. */
      last: `${prefix}:notify:storm:${stormKey}:last`,
    }),
  };
}

export const DEFAULT_REDIS_PREFIX = 'cityops';
