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
