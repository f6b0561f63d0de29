import type { Domain, RejectionReason } from '@cityops/contracts';

/** A reading from one row (time in source epoch ms, before any shift). */
export interface ReplayReading {
  kind: 'reading';
  line: number;
  domain: Domain;
  sensorId: string;
  ts: number;
  /** Values as found (numbers; a non-number is passed on for the validation to refuse). */
  metrics: Record<string, unknown>;
}

/** A sanitation case from one row; `ts` is its updatedAt, the other times are in `times`. */
export interface ReplayCase {
  kind: 'case';
  line: number;
  ts: number;
  times: { reportedAt: number; dueAt: number };
  /** The RawCaseSchema fields other than the times. */
  fields: Record<string, unknown>;
}

/** A row the mapping refuses before validation (placeholder location, unreadable time, ...). */
export interface ReplayReject {
  kind: 'reject';
  line: number;
  reason: RejectionReason;
  detail: string;
  sensorId: string | null;
  payload: unknown;
}

export type ReplayRecord = ReplayReading | ReplayCase | ReplayReject;

export interface MappingOptions {
  /** IANA zone of times written without an offset. */
  timezone: string;
  /** Their sensor ids (or column names) to our asset ids; null: the mapping's default. */
  sensorMap: ReadonlyMap<string, string> | null;
  /** FloodNet without a sensor map: how many WL-xxxx ids their sensors are spread over. */
  sensorPool: number;
  /** Baltimore 311: move the Baltimore box onto central Tianjin (demo only). */
  relocate: boolean;
}

/** How the rows of one kind of file become readings or cases. */
export interface ReplayMapping {
  name: string;
  /** Domain of what it produces. */
  domain: Domain;
  defaultTimezone: string;
  /** Checks the header before any row is read; returns what is wrong, or null. */
  checkHeader(header: readonly string[]): string | null;
  /** Prepares for a file (after the header check); returns the row mapper. */
  rows(
    header: readonly string[],
    options: MappingOptions,
  ): (row: Readonly<Record<string, string>>, line: number) => ReplayRecord[];
}

/** Missing columns, as a header problem. */
export function missingColumns(
  header: readonly string[],
  needed: readonly string[],
): string | null {
  const missing = needed.filter((name) => !header.includes(name));
  return missing.length ? `the file lacks the column(s) ${missing.join(', ')}` : null;
}

/** A cell as a number: blank is null (no value), text that is not a number is kept as text. */
export function cellValue(cell: string | undefined): number | string | null {
  const text = (cell ?? '').trim();
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** A stable small hash of a string (FNV-1a, 32 bit). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export const pad4 = (n: number) => String(n).padStart(4, '0');
