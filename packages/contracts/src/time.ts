import { z } from 'zod';

/** ISO 8601 with an explicit offset (Z or ±hh:mm); a local time without zone is ambiguous and refused. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Earliest and latest instants accepted anywhere (guards against epoch-seconds mistaken for ms). */
export const MIN_EPOCH_MS = Date.UTC(2000, 0, 1);
export const MAX_EPOCH_MS = Date.UTC(2100, 0, 1);

/**
 * Epoch ms of a source timestamp (ISO 8601 with offset up to 40 characters, or epoch ms between
 * 2000 and 2100), or NaN when it is neither. TimestampSchema and the readings' fast path share it.
 */
export function parseSourceTimestamp(value: unknown): number {
  const ms =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.length <= 40 && ISO_WITH_OFFSET.test(value)
        ? Date.parse(value)
        : Number.NaN;
  return Number.isInteger(ms) && ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS ? ms : Number.NaN;
}

/** A source timestamp: ISO 8601 with offset, or epoch milliseconds. Parses to epoch ms. */
export const TimestampSchema = z.union([z.string().max(40), z.number()]).transform((value, ctx) => {
  const ms = parseSourceTimestamp(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({
      code: 'custom',
      message: 'ts must be ISO 8601 with an offset, or epoch milliseconds between 2000 and 2100',
    });
    return z.NEVER;
  }
  return ms;
});

/** An ISO 8601 instant as it crosses an API boundary (always UTC, always with Z). */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
