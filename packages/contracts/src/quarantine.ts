import { z } from 'zod';

/** Why an input was refused. One spelling per reason, used in metrics labels, the API and the UI. */
export const REJECTION_REASONS = [
  'malformed_json',
  'schema_invalid',
  'not_a_number',
  'out_of_range',
  'sentinel_value',
  'future_timestamp',
  'too_old',
  'unknown_sensor',
  'unknown_metric',
  'wrong_domain',
  'oversize_payload',
  'outside_city',
] as const;
export const RejectionReasonSchema = z.enum(REJECTION_REASONS);
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;

/** One rejected input as the collector hands it to the backend for the quarantine. */
export const RejectionSchema = z.object({
  /** Source instance that received it, e.g. "heating-http:scada-1" or "mqtt". */
  source: z.string().min(1).max(100),
  reason: RejectionReasonSchema,
  detail: z.string().max(1000),
  sensorId: z.string().max(200).nullable(),
  metric: z.string().max(64).nullable(),
  /** The offending input, truncated to a few kB so a hostile payload cannot bloat the store. */
  payload: z.string().max(4096),
  receivedAt: z.number().int(),
});
export type Rejection = z.infer<typeof RejectionSchema>;

export const QuarantineEntrySchema = RejectionSchema.extend({
  id: z.string(),
  receivedAt: z.string(),
});
export type QuarantineEntry = z.infer<typeof QuarantineEntrySchema>;

export const MAX_QUARANTINED_PAYLOAD = 4096;

export function truncatePayload(payload: unknown): string {
  const text = typeof payload === 'string' ? payload : safeStringify(payload);
  return text.length > MAX_QUARANTINED_PAYLOAD
    ? `${text.slice(0, MAX_QUARANTINED_PAYLOAD - 1)}…`
    : text;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
