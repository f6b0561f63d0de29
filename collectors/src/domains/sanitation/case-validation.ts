import {
  DEFAULT_READING_CHECK,
  RawCaseSchema,
  formatIssues,
  type Rejection,
  type RejectionReason,
  type SanitationCase,
} from '@cityops/contracts';
import { quarantinePayload } from '../../lib/quarantine-payload.js';

export const SANITATION = 'sanitation' as const;

export interface CaseValidationContext {
  /** Source instance, recorded with every rejection. */
  source: string;
  now: number;
  /** How far ahead of `now` an updatedAt may be (default: the readings' 5 minutes). */
  maxFutureSkewMs?: number;
}

export interface CaseVerdict {
  /** Index of the input in the batch (the caller maps it back to a CSV line, say). */
  index: number;
  case?: SanitationCase;
  rejection?: Rejection;
}

/** The case id an input claims, for the quarantine record (Rejection.sensorId holds it for cases). */
export function caseIdOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id.slice(0, 200) : null;
}

/** A coordinate as text: plain decimal degrees (CSV cells), nothing Number() would also take. */
const DECIMAL_DEGREES = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

/**
 * RawCaseSchema coerces lng/lat with Number(), which also takes [117.2], true, '' (0) and hex text
 * ('0x75' is 117): only numbers and decimal text are coordinates.
 */
function locationProblem(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  for (const name of ['lng', 'lat'] as const) {
    const value = (raw as Record<string, unknown>)[name];
    if (value === undefined || typeof value === 'number') continue;
    if (typeof value === 'string' && DECIMAL_DEGREES.test(value)) continue;
    const got =
      typeof value === 'string'
        ? JSON.stringify(value.slice(0, 40))
        : Array.isArray(value)
          ? 'an array'
          : String(typeof value === 'object' ? 'an object' : value);
    return `${name}: must be a number in decimal degrees, got ${got}`;
  }
  return null;
}

/** The message RawCaseSchema gives a location outside the city's boundaries. */
const OUTSIDE_CITY = /is outside Tianjin/;

/**
 * Checks one raw case against the contract (RawCaseSchema) and the clock. A location outside
 * Tianjin (the (0, 0) placeholder included) is `outside_city`; an updatedAt ahead of the clock is
 * `future_timestamp`; everything else wrong (unknown category, bad dates, due before reported, a
 * missing field) is `schema_invalid`.
 */
export function checkCase(
  raw: unknown,
  ctx: CaseValidationContext,
): { ok: true; case: SanitationCase } | { ok: false; reason: RejectionReason; detail: string } {
  const location = locationProblem(raw);
  if (location) return { ok: false, reason: 'schema_invalid', detail: location };
  const parsed = RawCaseSchema.safeParse(raw);
  if (!parsed.success) {
    const outside = parsed.error.issues.find((issue) => OUTSIDE_CITY.test(issue.message));
    return outside
      ? { ok: false, reason: 'outside_city', detail: outside.message }
      : { ok: false, reason: 'schema_invalid', detail: formatIssues(parsed.error) };
  }
  const skew = ctx.maxFutureSkewMs ?? DEFAULT_READING_CHECK.maxFutureSkewMs;
  if (parsed.data.updatedAt > ctx.now + skew) {
    return {
      ok: false,
      reason: 'future_timestamp',
      detail: `updatedAt ${new Date(parsed.data.updatedAt).toISOString()} is ahead of the clock`,
    };
  }
  return { ok: true, case: parsed.data };
}

export function caseRejection(
  raw: unknown,
  reason: RejectionReason,
  detail: string,
  ctx: CaseValidationContext,
  payload: unknown = raw,
): Rejection {
  return {
    source: ctx.source,
    reason,
    detail: detail.slice(0, 1000),
    sensorId: caseIdOf(raw),
    metric: null,
    payload: quarantinePayload(payload),
    receivedAt: ctx.now,
  };
}

/** Checks a batch of raw cases one by one; one bad case spoils nothing. */
export function validateCases(raws: readonly unknown[], ctx: CaseValidationContext): CaseVerdict[] {
  return raws.map((raw, index) => {
    const result = checkCase(raw, ctx);
    return result.ok
      ? { index, case: result.case }
      : { index, rejection: caseRejection(raw, result.reason, result.detail, ctx) };
  });
}
