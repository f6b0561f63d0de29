import type { MetricName, QualityFindingKind } from '@cityops/contracts';

/*
 * The sensor-quality gate's detectors: pure functions over each sensor's readings in event time.
 * A finding marks the sensor suspect and opens a maintenance item instead of paging anyone.
 */

export interface MetricQualityCheck {
  /**
   * Stuck: the very same value for at least `readings` consecutive readings spanning at least
   * `minutes` of event time. Only for metrics that normally vary (temperatures); never for ones that
   * sit still for good reasons (depth 0 on a dry day, a stopped pump's flow, battery).
   */
  stuck?: { readings: number; minutes: number };
  /**
   * Spike: a jump of more than `spikeLimit` from one reading to the next that comes back (to within
   * half the limit of where it was) at the reading after: no physical process does that.
   */
  spikeLimit?: number;
}

/** Per metric. Metrics not listed are not checked. */
export const QUALITY_CHECKS: Partial<Record<MetricName, MetricQualityCheck>> = {
  supplyTempC: { stuck: { readings: 12, minutes: 60 }, spikeLimit: 15 },
  returnTempC: { stuck: { readings: 12, minutes: 60 }, spikeLimit: 15 },
  // A flat's temperature is steady, but not to the hundredth of a degree for three hours.
  indoorTempC: { stuck: { readings: 12, minutes: 180 }, spikeLimit: 10 },
  supplyPressureMPa: { spikeLimit: 0.4 },
  returnPressureMPa: { spikeLimit: 0.4 },
  depthCm: { spikeLimit: 30 },
  rainfallMmH: { spikeLimit: 100 },
  batteryPct: { spikeLimit: 30 },
};

/** What the gate remembers per sensor and metric between batches (JSON in Redis). */
export interface MetricQualityState {
  /** Event time of the last reading applied; older or equal ones are ignored (replays). */
  lastTs: number;
  /** The last two [ts, value] pairs (spikes need the one before the jump). */
  recent: [number, number][];
  /** The current run of identical values. */
  run: { value: number; count: number; since: number };
}
export type SensorQualityState = Record<string, MetricQualityState>;

export interface QualityFinding {
  kind: Extract<QualityFindingKind, 'stuck' | 'spike'>;
  metric: string;
  /** Event time the problem began: the first reading of the stuck run, or the spike. */
  at: number;
  /** Event time of the reading that revealed it. */
  seenAt: number;
  detail: string;
}

export interface TimedReading {
  ts: number;
  metrics: Record<string, number>;
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * Runs the checks over one sensor's readings (any order; applied in event time) from its stored
 * state. Returns the new state and what was found. A stuck run reports once it is long enough, then
 * counts anew (a sensor still stuck reports again after another full run).
 */
export function inspectReadings(
  state: SensorQualityState | undefined,
  readings: readonly TimedReading[],
  checks: Partial<Record<string, MetricQualityCheck>> = QUALITY_CHECKS,
): { state: SensorQualityState; findings: QualityFinding[] } {
  const next: SensorQualityState = { ...state };
  const findings: QualityFinding[] = [];
  const sorted = [...readings].sort((a, b) => a.ts - b.ts);
  for (const [metric, check] of Object.entries(checks)) {
    if (!check) continue;
    let s = next[metric];
    for (const reading of sorted) {
      const value = reading.metrics[metric];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      if (s && reading.ts <= s.lastTs) continue;
      if (!s) {
        s = {
          lastTs: reading.ts,
          recent: [[reading.ts, value]],
          run: { value, count: 1, since: reading.ts },
        };
        continue;
      }
      s = { ...s, lastTs: reading.ts, run: { ...s.run }, recent: [...s.recent] };
      const spike =
        check.spikeLimit === undefined ? null : spikeAt(s.recent, value, check.spikeLimit);
      if (spike) {
        findings.push({
          kind: 'spike',
          metric,
          at: spike.at,
          seenAt: reading.ts,
          detail: `${metric} jumped from ${spike.before} to ${spike.peak} and back to ${value} within one reading`,
        });
      }
      s.recent = [...s.recent, [reading.ts, value] as [number, number]].slice(-2);
      if (value === s.run.value) s.run.count += 1;
      else s.run = { value, count: 1, since: reading.ts };
      const stuck = check.stuck;
      if (
        stuck &&
        s.run.count >= stuck.readings &&
        reading.ts - s.run.since >= stuck.minutes * 60_000
      ) {
        findings.push({
          kind: 'stuck',
          metric,
          at: s.run.since,
          seenAt: reading.ts,
          detail: `${metric} stuck at ${value} for ${s.run.count} readings over ${minutes(reading.ts - s.run.since)} min`,
        });
        s.run = { value, count: 1, since: reading.ts };
      }
    }
    if (s) next[metric] = s;
  }
  return { state: next, findings };
}

/**
 * A spike at the middle of (before, peak, now): both steps exceed the limit in opposite directions
 * and `now` is back within half the limit of `before`.
 */
export function spikeAt(
  recent: readonly [number, number][],
  now: number,
  limit: number,
): { at: number; before: number; peak: number } | null {
  if (recent.length < 2) return null;
  const [[, before], [peakAt, peak]] = recent.slice(-2) as [[number, number], [number, number]];
  const up = peak - before;
  const down = now - peak;
  if (Math.abs(up) <= limit || Math.abs(down) <= limit || Math.sign(up) === Math.sign(down))
    return null;
  return Math.abs(now - before) <= limit / 2 ? { at: peakAt, before, peak } : null;
}

/** The timeline note on an incident raised by a suspect sensor. */
export function suspectNote(item: { id: string; kind: string; detail: string }): string {
  return `sensor suspect (${item.kind}: ${item.detail}); not paged, see maintenance item ${item.id}`;
}
