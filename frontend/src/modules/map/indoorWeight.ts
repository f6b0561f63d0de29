import type { AssetFeature, Severity } from '@cityops/contracts';

const SEVERITY_WEIGHT: Record<Severity, number> = { blue: 0.55, yellow: 0.7, orange: 0.85, red: 1 };
/** Room temperature at or above which a flat adds (almost) nothing to the heatmap, and where it counts fully. */
const WARM_C = 20;
const COLD_C = 14;
/** A healthy flat still weighs a little, so the heatmap shows where the sensors are. */
const BASELINE = 0.02;

/**
 * How much an indoor sensor weighs in the zoomed-out heatmap, 0..1: an open incident by its severity,
 * else how cold the flat is (20 °C → nothing, 14 °C → full), an alarm at least half. Rounded to 0.05 so
 * small temperature wobbles do not change the feature (and cost no map update).
 */
export function indoorWeight(properties: AssetFeature['properties']): number {
  const { severity, status, latest } = properties;
  if (severity) return SEVERITY_WEIGHT[severity];
  const temp = latest.indoorTempC;
  const cold =
    temp === undefined ? 0 : Math.min(1, Math.max(0, (WARM_C - temp) / (WARM_C - COLD_C)));
  const weight = Math.max(status === 'alarm' ? 0.5 : 0, cold * 0.9);
  return weight > 0 ? Math.round(weight * 20) / 20 : BASELINE;
}
