import { parseIsoInZone } from '../../lib/zoned-time.js';
import {
  fnv1a,
  missingColumns,
  pad4,
  type MappingOptions,
  type ReplayMapping,
  type ReplayRecord,
} from './types.js';

const CM_PER_INCH = 2.54;

/** "[0.00, 0.87, 1.02]" → [0, 0.87, 1.02]; null when it is not such a list of numbers. */
export function parseNumberList(text: string | undefined): number[] | null {
  const inner = /^\s*\[(.*)\]\s*$/s.exec(text ?? '')?.[1];
  if (inner === undefined) return null;
  if (inner.trim() === '') return [];
  const values = inner.split(',').map((v) => Number(v.trim()));
  return values.every(Number.isFinite) ? values : null;
}

/**
 * Their sensor id to ours: through --sensor-map when given (an unmapped sensor is then refused as
 * unknown), else spread deterministically over WL-0001 .. WL-<pool> by a hash of their id (two of
 * their sensors may share one of ours; use --sensor-map for a faithful replay).
 */
export function floodnetSensorId(theirs: string, options: MappingOptions): string | null {
  if (options.sensorMap) return options.sensorMap.get(theirs) ?? null;
  return `WL-${pad4(1 + (fnv1a(theirs) % options.sensorPool))}`;
}

/**
 * FloodNet NYC flood events (flood-events.csv): one row per event, with the depth profile as two
 * lists from flood_start_time (local New York time without zone): depths in inches and seconds since
 * the start. Each step becomes one waterlogging reading `depthCm` (inches × 2.54, to 0.01 cm) for the
 * sensor mapped from deployment_id (or, in the public extract, sensor_id).
 */
export const floodnetMapping: ReplayMapping = {
  name: 'floodnet',
  domain: 'waterlogging',
  defaultTimezone: 'America/New_York',
  checkHeader(header) {
    const idProblem =
      header.includes('deployment_id') || header.includes('sensor_id')
        ? null
        : 'the file lacks deployment_id (or sensor_id)';
    return (
      idProblem ??
      missingColumns(header, [
        'flood_start_time',
        'flood_profile_depth_inches',
        'flood_profile_time_secs',
      ])
    );
  },
  rows(header, options) {
    const idColumn = header.includes('deployment_id') ? 'deployment_id' : 'sensor_id';
    return (row, line): ReplayRecord[] => {
      const theirs = (row[idColumn] ?? '').trim();
      const reject = (
        detail: string,
        reason: 'schema_invalid' | 'unknown_sensor' = 'schema_invalid',
      ) => [
        { kind: 'reject' as const, line, reason, detail, sensorId: theirs || null, payload: row },
      ];
      const start = parseIsoInZone(row.flood_start_time ?? '', options.timezone);
      if (start === null)
        return reject(`flood_start_time "${row.flood_start_time}" is not a date-time`);
      const depths = parseNumberList(row.flood_profile_depth_inches);
      const secs = parseNumberList(row.flood_profile_time_secs);
      if (!depths || !secs || depths.length !== secs.length)
        return reject(
          'flood_profile_depth_inches and flood_profile_time_secs are not lists of the same length',
        );
      const sensorId = floodnetSensorId(theirs, options);
      if (!sensorId) return reject(`no --sensor-map entry for ${theirs}`, 'unknown_sensor');
      return depths.map((inches, i) => ({
        kind: 'reading' as const,
        line,
        domain: 'waterlogging' as const,
        sensorId,
        ts: start + Math.round(secs[i]! * 1000),
        metrics: { depthCm: Math.round(inches * CM_PER_INCH * 100) / 100 },
      }));
    };
  },
};
