import { z } from 'zod';
import type { AssetKind, Domain } from './domains.js';

/**
 * Every metric a source may send. Names carry their unit. The physical range is what a working
 * sensor can report at all: a value outside it is rejected as out_of_range, not alarmed on.
 */
export interface MetricDefinition {
  domain: Domain;
  unit: string;
  min: number;
  max: number;
  /** Asset kinds that report this metric. */
  kinds: readonly AssetKind[];
  /** true for 0/1 state metrics such as pumpOn. */
  boolean?: boolean;
}

export const METRICS = {
  supplyTempC: {
    domain: 'heating',
    unit: '°C',
    min: -50,
    max: 200,
    kinds: ['heat_source', 'heat_station'],
  },
  returnTempC: {
    domain: 'heating',
    unit: '°C',
    min: -50,
    max: 200,
    kinds: ['heat_source', 'heat_station'],
  },
  supplyPressureMPa: {
    domain: 'heating',
    unit: 'MPa',
    min: 0,
    max: 4,
    kinds: ['heat_source', 'heat_station'],
  },
  returnPressureMPa: {
    domain: 'heating',
    unit: 'MPa',
    min: 0,
    max: 4,
    kinds: ['heat_source', 'heat_station'],
  },
  flowM3h: {
    domain: 'heating',
    unit: 'm³/h',
    min: 0,
    max: 20000,
    kinds: ['heat_source', 'heat_station'],
  },
  makeupM3h: {
    domain: 'heating',
    unit: 'm³/h',
    min: 0,
    max: 2000,
    kinds: ['heat_source', 'heat_station'],
  },
  pumpOn: {
    domain: 'heating',
    unit: '',
    min: 0,
    max: 1,
    kinds: ['heat_source', 'heat_station'],
    boolean: true,
  },
  indoorTempC: { domain: 'heating', unit: '°C', min: -40, max: 60, kinds: ['indoor_sensor'] },
  depthCm: {
    domain: 'waterlogging',
    unit: 'cm',
    min: 0,
    max: 500,
    kinds: ['underpass', 'low_road'],
  },
  rainfallMmH: {
    domain: 'waterlogging',
    unit: 'mm/h',
    min: 0,
    max: 300,
    kinds: ['underpass', 'low_road', 'rain_gauge'],
  },
  batteryPct: {
    domain: 'waterlogging',
    unit: '%',
    min: 0,
    max: 100,
    kinds: ['underpass', 'low_road', 'rain_gauge'],
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as [MetricName, ...MetricName[]];
export const MetricNameSchema = z.enum(METRIC_NAMES);

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/**
 * Values that field equipment sends to mean "no reading" (e.g. -39.9 in real SCADA exports).
 * They are rejected as sentinel_value even when they fall inside the physical range.
 */
export const SENTINEL_VALUES: readonly number[] = [-39.9, -99.9, -999, -9999, 9999, 99999];
