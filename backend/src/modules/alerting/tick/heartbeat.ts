import { type AssetKind, METRICS, type MetricName, type NoDataRule } from '@cityops/contracts';

/*
 * What counts as "a reading" for a no-data rule, the same on the tick path (InfluxQL) and on the fast
 * path (the batch that clears an offline alert at once). InfluxDB 1.6 gives a point's time only for
 * one selector per query (`last(*)` answers with the start of the range), so a rule without a metric
 * watches each kind's heartbeat: the first metric the kind reports (contracts' METRICS order), the
 * one every reading of that kind carries.
 */

const HEARTBEAT = new Map<AssetKind, MetricName>();
for (const [name, definition] of Object.entries(METRICS) as [
  MetricName,
  (typeof METRICS)[MetricName],
][]) {
  for (const kind of definition.kinds) if (!HEARTBEAT.has(kind)) HEARTBEAT.set(kind, name);
}

/** The metric whose readings show that an asset of this kind is alive (null: a kind with no metric). */
export function heartbeatMetric(kind: AssetKind): MetricName | null {
  return HEARTBEAT.get(kind) ?? null;
}

/** The field a no-data rule watches for assets of this kind: its metric, else the kind's heartbeat. */
export function reportField(rule: Pick<NoDataRule, 'metric'>, kind: AssetKind): MetricName | null {
  return rule.metric ?? heartbeatMetric(kind);
}

/** The rule's asset kinds grouped by the field watched (one InfluxQL statement per field). */
export function kindsByField(
  rule: Pick<NoDataRule, 'metric' | 'assetKinds'>,
): Map<MetricName, AssetKind[]> {
  const groups = new Map<MetricName, AssetKind[]>();
  for (const kind of rule.assetKinds) {
    const field = reportField(rule, kind);
    if (!field) continue;
    const group = groups.get(field);
    if (group) group.push(kind);
    else groups.set(field, [kind]);
  }
  return groups;
}

/**
 * The event time of the asset's last reading that counts for the rule, among these readings (null:
 * none counts).
 */
export function lastReport(
  rule: Pick<NoDataRule, 'metric'>,
  kind: AssetKind,
  readings: readonly { ts: number; metrics: Readonly<Record<string, number>> }[],
): number | null {
  const field = reportField(rule, kind);
  if (!field) return null;
  let last: number | null = null;
  for (const r of readings)
    if (typeof r.metrics[field] === 'number' && (last === null || r.ts > last)) last = r.ts;
  return last;
}
