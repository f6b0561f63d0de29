import {
  DEFAULT_READING_CHECK,
  METRICS,
  checkReading,
  isMetricName,
  type AssetRegistryEntry,
  type Domain,
  type MetricRejection,
  type Reading,
  type ReadingCheckOptions,
  type Rejection,
} from '@cityops/contracts';
import { quarantinePayload } from '../../lib/quarantine-payload.js';

export interface AcceptedReading {
  reading: Reading;
  asset: AssetRegistryEntry;
}

export interface ValidationResult {
  accepted: AcceptedReading[];
  rejections: Rejection[];
}

export interface ValidationContext {
  /** Source instance, e.g. "heating-http:scada-1:8090"; recorded with every rejection. */
  source: string;
  now: number;
  /** Registry entries of the sensors named in the batch. */
  assets: ReadonlyMap<string, AssetRegistryEntry>;
  check?: Omit<ReadingCheckOptions, 'now'>;
}

/** The sensor id a raw reading claims, if it names one at all (for the quarantine record). */
export function sensorIdOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { sensorId?: unknown }).sensorId;
  return typeof id === 'string' && id !== '' ? id.slice(0, 200) : null;
}

/**
 * Why a metric does not fit the asset that reports it: a metric of another domain is wrong_domain,
 * one of this domain that this kind does not report (indoorTempC from a station) is unknown_metric.
 */
export function metricKindProblem(
  metric: string,
  asset: AssetRegistryEntry,
): MetricRejection | null {
  if (!isMetricName(metric))
    return { reason: 'unknown_metric', detail: `unknown metric "${metric}"`, metric };
  const def = METRICS[metric];
  if (def.domain !== asset.domain) {
    return {
      reason: 'wrong_domain',
      detail: `${metric} is a ${def.domain} metric, the asset is ${asset.domain}`,
      metric,
    };
  }
  if (!(def.kinds as readonly string[]).includes(asset.kind)) {
    return {
      reason: 'unknown_metric',
      detail: `a ${asset.kind} does not report ${metric}`,
      metric,
    };
  }
  return null;
}

/** Bad metrics quarantined one by one per reading; the rest are summed up in one more rejection. */
export const MAX_METRIC_REJECTIONS_PER_READING = 20;

/**
 * A reading's metric rejections, at most MAX_METRIC_REJECTIONS_PER_READING of them one by one and
 * the rest as one: a 64 kB message with 5 000 unknown metrics is not 5 000 quarantine entries.
 */
export function capMetricRejections(problems: MetricRejection[]): MetricRejection[] {
  const max = MAX_METRIC_REJECTIONS_PER_READING;
  if (problems.length <= max + 1) return problems;
  const first = problems[max]!;
  return [
    ...problems.slice(0, max),
    {
      reason: first.reason,
      detail: `${problems.length - max} more rejected metrics, not listed one by one (the first: ${first.detail})`,
    },
  ];
}

/**
 * Checks a batch of raw readings for one domain. Each reading is judged on its own: time and shape
 * first (contracts' checkReading), then the sensor must be in the registry and of this domain, then
 * each metric must be valid and fit the asset's kind. A reading keeps its good metrics and the bad
 * ones are quarantined one by one; a reading with no good metric left is rejected as a whole.
 */
export function validateReadings(
  domain: Domain,
  raws: readonly unknown[],
  ctx: ValidationContext,
): ValidationResult {
  const accepted: AcceptedReading[] = [];
  const rejections: Rejection[] = [];
  // One reading with thousands of bad metrics must not serialise itself thousands of times.
  const payloads = new Map<unknown, string>();
  const payloadOf = (raw: unknown) => {
    let payload = payloads.get(raw);
    if (payload === undefined) payloads.set(raw, (payload = quarantinePayload(raw)));
    return payload;
  };
  const reject = (raw: unknown, sensorId: string | null, problem: MetricRejection) =>
    rejections.push({
      source: ctx.source,
      reason: problem.reason,
      detail: problem.detail.slice(0, 1000),
      sensorId,
      metric: problem.metric?.slice(0, 64) ?? null,
      payload: payloadOf(raw),
      receivedAt: ctx.now,
    });

  const checkOptions: ReadingCheckOptions = {
    now: ctx.now,
    ...(ctx.check ?? DEFAULT_READING_CHECK),
  };
  for (const raw of raws) {
    const check = checkReading(raw, undefined, checkOptions);
    if (!check.ok) {
      for (const problem of capMetricRejections(check.rejections))
        reject(raw, sensorIdOf(raw), problem);
      continue;
    }
    const { sensorId } = check.reading;
    const asset = ctx.assets.get(sensorId);
    if (!asset) {
      reject(raw, sensorId, {
        reason: 'unknown_sensor',
        detail: `sensor ${sensorId} is not in the asset registry`,
      });
      continue;
    }
    if (asset.domain !== domain) {
      reject(raw, sensorId, {
        reason: 'wrong_domain',
        detail: `${sensorId} is a ${asset.domain} asset, this is a ${domain} source`,
      });
      continue;
    }
    for (const problem of capMetricRejections(check.rejectedMetrics))
      reject(raw, sensorId, problem);
    // The ingest hot path: when every metric fits the asset, the checked reading is kept as it is.
    let fits = true;
    for (const name in check.reading.metrics)
      if (metricKindProblem(name, asset)) {
        fits = false;
        break;
      }
    if (fits) {
      accepted.push({ reading: check.reading, asset });
      continue;
    }
    const metrics: Record<string, number> = {};
    for (const [name, value] of Object.entries(check.reading.metrics)) {
      const problem = metricKindProblem(name, asset);
      if (problem) reject(raw, sensorId, problem);
      else metrics[name] = value;
    }
    if (Object.keys(metrics).length > 0)
      accepted.push({ reading: { ...check.reading, metrics }, asset });
  }
  return { accepted, rejections };
}
