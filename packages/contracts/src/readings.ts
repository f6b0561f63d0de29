import { z } from 'zod';
import { DomainSchema } from './domains.js';
import { METRICS, SENTINEL_VALUES, isMetricName, type MetricName } from './metrics.js';
import { TimestampSchema, parseSourceTimestamp } from './time.js';
import type { RejectionReason } from './quarantine.js';

/** Sensor ids: letters, digits, dash, underscore, dot; the id is also an MQTT topic level and an Influx tag. */
export const SensorIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'sensorId may hold letters, digits, "-", "_" and "."');

/** The wire shape of one reading, as a source sends it (metrics not yet checked). */
export const RawReadingSchema = z.object({
  ts: TimestampSchema,
  metrics: z.record(z.string().max(64), z.unknown()),
});

/** A source reading that names its sensor (HTTP pull bodies). */
export const RawSensorReadingSchema = RawReadingSchema.extend({ sensorId: SensorIdSchema });

/** A validated reading: epoch-ms timestamp, known metrics, finite numbers in their physical range. */
export const ReadingSchema = z.object({
  sensorId: SensorIdSchema,
  ts: z.number().int(),
  metrics: z.record(z.string(), z.number()),
});
export type Reading = z.infer<typeof ReadingSchema>;

/** Heating SCADA gateway: GET {base}/readings?after={cursor}&limit={n}. Items are checked one by one. */
export const HeatingReadingsPageSchema = z.object({
  readings: z.array(z.unknown()).max(10_000),
  next: z.string().max(512).nullable().optional(),
});
export type HeatingReadingsPage = z.infer<typeof HeatingReadingsPageSchema>;

/** MQTT topic for any domain: cityops/{domain}/{sensorId}/reading. */
export const MQTT_READING_TOPIC = 'cityops/+/+/reading';
export function readingTopic(domain: string, sensorId: string): string {
  return `cityops/${domain}/${sensorId}/reading`;
}
export function parseReadingTopic(
  topic: string,
): { domain: z.infer<typeof DomainSchema>; sensorId: string } | null {
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[0] !== 'cityops' || parts[3] !== 'reading') return null;
  const domain = DomainSchema.safeParse(parts[1]);
  const sensorId = SensorIdSchema.safeParse(parts[2]);
  return domain.success && sensorId.success
    ? { domain: domain.data, sensorId: sensorId.data }
    : null;
}

export interface MetricRejection {
  reason: RejectionReason;
  detail: string;
  metric?: string;
}

export interface ReadingCheckOptions {
  now: number;
  /** How far ahead of `now` a clock may run before the reading counts as future-dated. */
  maxFutureSkewMs: number;
  /** Readings older than this are beyond retention and refused. */
  maxAgeMs: number;
}

export const DEFAULT_READING_CHECK: Omit<ReadingCheckOptions, 'now'> = {
  maxFutureSkewMs: 5 * 60_000,
  maxAgeMs: 90 * 24 * 3_600_000,
};

export type ReadingCheck =
  | { ok: true; reading: Reading; rejectedMetrics: MetricRejection[] }
  | { ok: false; rejections: MetricRejection[] };

/**
 * Checks one reading's time and metrics. Bad metrics are rejected one by one (a SCADA row with one
 * sentinel keeps its good values); the reading as a whole is rejected when its time is bad or no
 * metric survives.
 */
export function checkReading(
  raw: unknown,
  sensorIdFromTopic: string | undefined,
  options: ReadingCheckOptions,
): ReadingCheck {
  // The collectors' hot path: a plainly well-formed reading skips zod (the larger part of the
  // ingest CPU); anything else goes through the schema, which words the rejection.
  let shape = readingShape(raw, sensorIdFromTopic);
  if (!shape) {
    const schema = sensorIdFromTopic === undefined ? RawSensorReadingSchema : RawReadingSchema;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        rejections: [{ reason: 'schema_invalid', detail: formatIssues(parsed.error) }],
      };
    }
    shape = {
      sensorId:
        sensorIdFromTopic ?? (parsed.data as z.infer<typeof RawSensorReadingSchema>).sensorId,
      ts: parsed.data.ts,
      metrics: parsed.data.metrics,
    };
  }
  const { sensorId, ts } = shape;
  if (ts > options.now + options.maxFutureSkewMs) {
    return {
      ok: false,
      rejections: [
        {
          reason: 'future_timestamp',
          detail: `ts ${new Date(ts).toISOString()} is ahead of the clock`,
        },
      ],
    };
  }
  if (ts < options.now - options.maxAgeMs) {
    return {
      ok: false,
      rejections: [
        {
          reason: 'too_old',
          detail: `ts ${new Date(ts).toISOString()} is older than the retention`,
        },
      ],
    };
  }
  const metrics: Record<string, number> = {};
  const rejectedMetrics: MetricRejection[] = [];
  for (const [name, value] of Object.entries(shape.metrics)) {
    const problem = checkMetric(name, value);
    if (problem) rejectedMetrics.push({ ...problem, metric: name });
    else metrics[name] = value as number;
  }
  if (Object.keys(metrics).length === 0) {
    const rejections = rejectedMetrics.length
      ? rejectedMetrics
      : [{ reason: 'schema_invalid' as const, detail: 'metrics is empty' }];
    return { ok: false, rejections };
  }
  return { ok: true, reading: { sensorId, ts, metrics }, rejectedMetrics };
}

const SENSOR_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The reading's parts when it is plainly what the raw reading schemas accept (the same rules,
 * without zod), or null to let the schema decide and explain.
 */
export function readingShape(
  raw: unknown,
  sensorIdFromTopic: string | undefined,
): { sensorId: string; ts: number; metrics: Record<string, unknown> } | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { sensorId, ts, metrics } = raw as Record<string, unknown>;
  const id = sensorIdFromTopic ?? sensorId;
  if (typeof id !== 'string' || id.length === 0 || id.length > 64 || !SENSOR_ID.test(id))
    return null;
  const ms = parseSourceTimestamp(ts);
  if (Number.isNaN(ms)) return null;
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) return null;
  if (Object.getPrototypeOf(metrics) !== Object.prototype) return null;
  for (const name of Object.keys(metrics)) if (name.length > 64) return null;
  return { sensorId: id, ts: ms, metrics: metrics as Record<string, unknown> };
}

/** Returns why a metric value is unacceptable, or null when it is fine. */
export function checkMetric(name: string, value: unknown): Omit<MetricRejection, 'metric'> | null {
  if (!isMetricName(name)) return { reason: 'unknown_metric', detail: `unknown metric "${name}"` };
  if (typeof value !== 'number') {
    return {
      reason: 'not_a_number',
      detail: `${name} is ${value === null ? 'null' : typeof value}, not a number`,
    };
  }
  if (!Number.isFinite(value)) return { reason: 'not_a_number', detail: `${name} is ${value}` };
  if (SENTINEL_VALUES.includes(value)) {
    return { reason: 'sentinel_value', detail: `${name}=${value} is a "no reading" sentinel` };
  }
  const def = METRICS[name as MetricName];
  if (value < def.min || value > def.max) {
    return {
      reason: 'out_of_range',
      detail: `${name}=${value} is outside ${def.min}..${def.max} ${def.unit}`.trim(),
    };
  }
  if ('boolean' in def && def.boolean && value !== 0 && value !== 1) {
    return { reason: 'out_of_range', detail: `${name}=${value} must be 0 or 1` };
  }
  return null;
}

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
