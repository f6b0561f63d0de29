import { DomainSchema, SensorIdSchema } from '@cityops/contracts';
import { z } from 'zod';
import { isValidTimeZone, timeParser } from '../../lib/zoned-time.js';
import { cellValue, type ReplayMapping, type ReplayRecord } from './types.js';

/**
 * A mapping written as JSON, for files without a built-in one:
 * { "domain", "sensorIdColumn" | "sensorId", "timeColumn", "timeFormat", "timezone",
 *   "metrics": { "<ourMetric>": { "column", "scale"?, "offset"? } } }
 * timeFormat: "iso" (with or without offset), "epoch-ms", "epoch-s", or a pattern such as
 * "yyyy-MM-dd HH:mm:ss" or "MM/dd/yyyy hh:mm:ss a". A value is column × scale + offset.
 */
export const GenericMappingSchema = z
  .object({
    name: z.string().min(1).max(40).optional(),
    domain: DomainSchema.refine((d) => d !== 'sanitation', {
      message:
        'a generic mapping produces readings; sanitation cases come from baltimore311 or the drop folder',
    }),
    sensorIdColumn: z.string().min(1).optional(),
    sensorId: SensorIdSchema.optional(),
    timeColumn: z.string().min(1),
    timeFormat: z.string().min(1).default('iso'),
    timezone: z.string().refine(isValidTimeZone, 'unknown IANA time zone').default('UTC'),
    metrics: z
      .record(
        z.string(),
        z.object({
          column: z.string().min(1),
          scale: z.number().finite().default(1),
          offset: z.number().finite().default(0),
        }),
      )
      .refine((m) => Object.keys(m).length > 0, 'name at least one metric'),
  })
  .refine((m) => (m.sensorIdColumn === undefined) !== (m.sensorId === undefined), {
    message: 'give exactly one of sensorIdColumn and sensorId',
  })
  .superRefine((m, ctx) => {
    try {
      timeParser(m.timeFormat, m.timezone);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['timeFormat'], message: (err as Error).message });
    }
  });
export type GenericMapping = z.infer<typeof GenericMappingSchema>;

export function genericMapping(spec: GenericMapping): ReplayMapping {
  return {
    name: spec.name ?? 'generic',
    domain: spec.domain,
    defaultTimezone: spec.timezone,
    checkHeader(header) {
      const needed = [
        spec.timeColumn,
        ...(spec.sensorIdColumn ? [spec.sensorIdColumn] : []),
        ...Object.values(spec.metrics).map((m) => m.column),
      ];
      const missing = [...new Set(needed)].filter((c) => !header.includes(c));
      return missing.length ? `the file lacks the column(s) ${missing.join(', ')}` : null;
    },
    rows(_header, options) {
      const parse = timeParser(spec.timeFormat, options.timezone);
      return (row, line): ReplayRecord[] => {
        const theirs = spec.sensorIdColumn
          ? (row[spec.sensorIdColumn] ?? '').trim()
          : spec.sensorId!;
        const sensorId = options.sensorMap ? (options.sensorMap.get(theirs) ?? null) : theirs;
        const reject = (
          reason: 'schema_invalid' | 'unknown_sensor',
          detail: string,
        ): ReplayRecord[] => [
          { kind: 'reject', line, reason, detail, sensorId: theirs || null, payload: row },
        ];
        if (!sensorId) return reject('unknown_sensor', `no --sensor-map entry for ${theirs}`);
        const ts = parse(row[spec.timeColumn] ?? '');
        if (ts === null)
          return reject(
            'schema_invalid',
            `${spec.timeColumn} "${row[spec.timeColumn]}" does not match ${spec.timeFormat}`,
          );
        const metrics: Record<string, unknown> = {};
        for (const [metric, { column, scale, offset }] of Object.entries(spec.metrics)) {
          const value = cellValue(row[column]);
          if (value === null) continue;
          metrics[metric] = typeof value === 'number' ? value * scale + offset : value;
        }
        if (Object.keys(metrics).length === 0) return [];
        return [{ kind: 'reading', line, domain: spec.domain, sensorId, ts, metrics }];
      };
    },
  };
}
