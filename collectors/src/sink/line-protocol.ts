/** One InfluxDB point; the timestamp is epoch milliseconds (written with precision=ms). */
export interface InfluxPoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number>;
  timestampMs: number;
}

// Line protocol 1.x: commas and spaces are special in measurements; commas, equals signs and spaces in
// tag keys, tag values and field keys. A line break would end the line, so it becomes a space.
const NEEDS_ESCAPING = /[\r\n,= ]/;
const noLineBreaks = (value: string) => value.replace(/[\r\n]+/g, ' ');

export function escapeMeasurement(value: string): string {
  if (!NEEDS_ESCAPING.test(value)) return value;
  return noLineBreaks(value).replace(/[, ]/g, (ch) => `\\${ch}`);
}

export function escapeKey(value: string): string {
  if (!NEEDS_ESCAPING.test(value)) return value;
  return noLineBreaks(value).replace(/[,= ]/g, (ch) => `\\${ch}`);
}

/** Tag values are escaped like keys. */
export const escapeTagValue = escapeKey;

/**
 * Numbers are always written as floats (no "i" suffix) so a metric that happens to be whole, such as
 * pumpOn, never creates a field-type conflict with earlier points.
 */
export function formatFieldValue(value: number): string {
  return value === 0 ? '0' : String(value);
}

/**
 * Field keys come from a small set (metric names), so their escaped form is remembered. The cache is
 * bounded so that a source inventing names cannot grow it without end.
 */
const fieldKeyCache = new Map<string, string>();
const FIELD_KEY_CACHE_LIMIT = 10_000;

export function escapedFieldKey(key: string): string {
  let escaped = fieldKeyCache.get(key);
  if (escaped === undefined) {
    escaped = escapeKey(key);
    if (fieldKeyCache.size >= FIELD_KEY_CACHE_LIMIT) fieldKeyCache.clear();
    fieldKeyCache.set(key, escaped);
  }
  return escaped;
}

/**
 * `prefix` (a cached "measurement,tags ") followed by the field set and the timestamp, or null when
 * no field is finite. This is the whole per-point work on the hot path: plain concatenation onto
 * one string, no intermediate arrays or objects.
 */
export function lineWith(
  prefix: string,
  fields: Record<string, number>,
  timestampMs: number,
): string | null {
  let out = prefix;
  let first = true;
  for (const key in fields) {
    const value = fields[key]!;
    if (!Number.isFinite(value)) continue;
    out += (first ? '' : ',') + escapedFieldKey(key) + '=' + formatFieldValue(value);
    first = false;
  }
  return first ? null : out + ' ' + Math.trunc(timestampMs);
}

/** "measurement,tagA=..,tagB=.. " with the tags sorted by key (as InfluxDB prefers) and empty tags left out. */
export function seriesPrefix(measurement: string, tags: Record<string, string>): string {
  const keys = Object.keys(tags)
    .filter((key) => tags[key] !== '')
    .sort();
  let out = escapeMeasurement(measurement);
  for (const key of keys) out += `,${escapeKey(key)}=${escapeTagValue(tags[key]!)}`;
  return `${out} `;
}

/** The point as one line, or null when it has no finite field to write. Tags are sorted, as InfluxDB prefers. */
export function toLine(point: InfluxPoint): string | null {
  return lineWith(seriesPrefix(point.measurement, point.tags), point.fields, point.timestampMs);
}
