import type { Domain } from './domains.js';

/**
 * InfluxDB schema. One measurement per domain; tags are low-cardinality (asset id, district,
 * kind); every metric is a field. Case ids are fields, never tags.
 */
export const INFLUX_MEASUREMENTS = {
  heating: 'heating',
  waterlogging: 'waterlogging',
  sanitation: 'sanitation_cases',
} as const satisfies Record<Domain, string>;

export const INFLUX_TAGS = ['assetId', 'district', 'kind'] as const;
export type InfluxTag = (typeof INFLUX_TAGS)[number];

/** Retention policies created at start: raw data and 5-minute rollups. */
export const INFLUX_RETENTION = {
  raw: { name: 'raw', duration: '90d', default: true },
  rollup: { name: 'rollup_5m', duration: '1825d', default: false },
} as const;

/**
 * Continuous queries that roll raw points up into 5-minute means kept for years. FROM names the
 * raw policy explicitly: a CQ otherwise reads the default policy. Sanitation cases are counted
 * by the backend from the database, so they have no rollup.
 */
export function rollupContinuousQueries(database: string): { name: string; query: string }[] {
  const q = (s: string) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  return (['heating', 'waterlogging'] as const).map((domain) => {
    const measurement = INFLUX_MEASUREMENTS[domain];
    const name = `cq_${measurement}_5m`;
    return {
      name,
      query:
        `CREATE CONTINUOUS QUERY ${q(name)} ON ${q(database)} BEGIN ` +
        `SELECT mean(*) INTO ${q(database)}.${q(INFLUX_RETENTION.rollup.name)}.${q(measurement)} ` +
        `FROM ${q(database)}.${q(INFLUX_RETENTION.raw.name)}.${q(measurement)} GROUP BY time(5m), * END`,
    };
  });
}
