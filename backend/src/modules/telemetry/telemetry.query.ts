import {
  INFLUX_MEASUREMENTS,
  INFLUX_RETENTION,
  type Domain,
  type MetricName,
} from '@cityops/contracts';
import { escape } from 'influx';

export interface SeriesQuery {
  domain: Domain;
  assetId: string;
  metric: MetricName;
  from: Date;
  to: Date;
  /** InfluxQL duration such as 1m, 5m, 1h. */
  step: string;
}

/** One InfluxQL statement for a chart series: the mean per step. Identifiers and literals go through influx's escaping. */
export function buildSeriesQuery(q: SeriesQuery): string {
  const measurement = `${escape.quoted(INFLUX_RETENTION.raw.name)}.${escape.quoted(INFLUX_MEASUREMENTS[q.domain])}`;
  return [
    `SELECT mean(${escape.quoted(q.metric)}) AS value FROM ${measurement}`,
    `WHERE "assetId" = ${escape.stringLit(q.assetId)}`,
    `AND time >= ${escape.stringLit(q.from.toISOString())} AND time < ${escape.stringLit(q.to.toISOString())}`,
    `GROUP BY time(${q.step}) fill(none)`,
  ].join(' ');
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function stepMs(step: string): number {
  const match = /^(\d{1,4})([smhd])$/.exec(step);
  if (!match) return Number.NaN;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
