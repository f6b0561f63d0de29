import { createHash } from 'node:crypto';
import { INFLUX_MEASUREMENTS, isOverdue, type SanitationCase } from '@cityops/contracts';
import { escapeKey, escapeMeasurement, escapeTagValue } from '../../sink/line-protocol.js';

export const CASES_MEASUREMENT = INFLUX_MEASUREMENTS.sanitation;

/** Tags of a case point (low cardinality); the case id is a field, never a tag. */
export type CaseTag = 'district' | 'category' | 'source' | 'status';

export interface CasePoint {
  tags: Record<CaseTag, string>;
  fields: { caseId: string; overdue: boolean; dueInMin: number };
  /** Nanoseconds: updatedAt in ms, plus a sub-millisecond offset from the case id (see caseTimestampNs). */
  timestampNs: bigint;
}

/**
 * Whether the case is past its time limit, and the minutes left, as of `now` (the write time). An
 * open or in-progress case is overdue once now > dueAt and dueInMin counts down (negative when late).
 * A closed case was closed at its updatedAt: overdue when that was after dueAt, and dueInMin is the
 * margin it was closed with (negative when late).
 */
export function caseDeadline(
  c: SanitationCase,
  now: number,
): { overdue: boolean; dueInMin: number } {
  const closedAt = c.status === 'closed' ? c.updatedAt : null;
  const reference = closedAt ?? now;
  return {
    overdue: isOverdue({ status: c.status, dueAt: c.dueAt, closedAt }, now),
    dueInMin: Math.round((c.dueAt - reference) / 60_000),
  };
}

/**
 * Point time in ns: the case's updatedAt, plus 0-999 999 ns derived from the case id. Case ids are
 * fields, so two cases of one district/category/source/status updated in the same millisecond would
 * otherwise be the same point and one would overwrite the other. The offset is deterministic, so
 * writing the same update again still overwrites the same point (idempotent), and the time stays
 * exact to the millisecond.
 */
export function caseTimestampNs(c: Pick<SanitationCase, 'id' | 'updatedAt'>): bigint {
  const offset =
    parseInt(createHash('sha1').update(c.id).digest('hex').slice(0, 8), 16) % 1_000_000;
  return BigInt(c.updatedAt) * 1_000_000n + BigInt(offset);
}

/** One point per case update in measurement sanitation_cases. */
export function casePoint(c: SanitationCase, now: number): CasePoint {
  return {
    tags: { category: c.category, district: c.district, source: c.source, status: c.status },
    fields: { caseId: c.id, ...caseDeadline(c, now) },
    timestampNs: caseTimestampNs(c),
  };
}

function stringField(value: string): string {
  return `"${value.replace(/[\\"]/g, (ch) => `\\${ch}`).replace(/[\r\n]+/g, ' ')}"`;
}

/** Line protocol with sorted tags, a string, a boolean and a float field, ns precision. */
export function caseLine(point: CasePoint): string {
  const tags = (Object.entries(point.tags) as [CaseTag, string][])
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `,${escapeKey(key)}=${escapeTagValue(value)}`)
    .join('');
  const { caseId, overdue, dueInMin } = point.fields;
  const fields = `caseId=${stringField(caseId)},dueInMin=${Object.is(dueInMin, -0) ? 0 : dueInMin},overdue=${overdue}`;
  return `${escapeMeasurement(CASES_MEASUREMENT)}${tags} ${fields} ${point.timestampNs}`;
}
