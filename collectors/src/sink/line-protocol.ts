/** One InfluxDB point; the timestamp is epoch milliseconds (written with precision=ms). */
export interface InfluxPoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number>;
  timestampMs: number;
}

// Line protocol 1.x: commas and spaces are special in measurements; commas, equals signs and spaces in
// tag keys, tag values and field keys. A line break would end the line, so it becomes a space.
const noLineBreaks = (value: string) => value.replace(/[\r\n]+/g, ' ');

export function escapeMeasurement(value: string): string {
  return noLineBreaks(value).replace(/[, ]/g, (ch) => `\\${ch}`);
}

export function escapeKey(value: string): string {
  return noLineBreaks(value).replace(/[,= ]/g, (ch) => `\\${ch}`);
}

/** Tag values are escaped like keys. */
export const escapeTagValue = escapeKey;

/**
 * Numbers are always written as floats (no "i" suffix) so a metric that happens to be whole, such as
 * pumpOn, never creates a field-type conflict with earlier points.
 */
export function formatFieldValue(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

/** The point as one line, or null when it has no finite field to write. Tags are sorted, as InfluxDB prefers. */
export function toLine(point: InfluxPoint): string | null {
  const fields = Object.entries(point.fields)
    .filter(([, value]) => Number.isFinite(value))
    .map(([key, value]) => `${escapeKey(key)}=${formatFieldValue(value)}`);
  if (fields.length === 0) return null;
  const tags = Object.entries(point.tags)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `,${escapeKey(key)}=${escapeTagValue(value)}`)
    .join('');
  return `${escapeMeasurement(point.measurement)}${tags} ${fields.join(',')} ${Math.trunc(point.timestampMs)}`;
}
