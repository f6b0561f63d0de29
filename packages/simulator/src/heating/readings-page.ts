import { decodeCursor, encodeCursor } from './cursor.js';
import type { ReadingLog, WireReading } from './reading-log.js';

export const DEFAULT_PAGE_LIMIT = 500;
export const MAX_PAGE_LIMIT = 5000;

export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

export interface ReadingsPage {
  readings: WireReading[];
  next: string;
}

export function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_PAGE_LIMIT;
  if (!/^\d{1,6}$/.test(raw))
    throw new BadRequestError(`limit must be an integer between 1 and ${MAX_PAGE_LIMIT}`);
  const limit = Number(raw);
  if (limit < 1 || limit > MAX_PAGE_LIMIT)
    throw new BadRequestError(`limit must be between 1 and ${MAX_PAGE_LIMIT}`);
  return limit;
}

/** GET /heating/readings: the page after `after` (or from the oldest kept reading) and the cursor to ask for next. */
export function readPage(
  log: ReadingLog,
  runId: string,
  after: string | null,
  limit: number,
): ReadingsPage {
  let afterSeq = 0;
  if (after !== null && after !== '') {
    const cursor = decodeCursor(after);
    if (!cursor) throw new BadRequestError('after is not a cursor this server issued');
    // A cursor from an earlier run of the simulator: start at the oldest kept reading.
    afterSeq = cursor.runId === runId ? cursor.seq : 0;
  }
  const { items, lastSeq } = log.readAfter(afterSeq, limit);
  return { readings: items, next: encodeCursor({ runId, seq: lastSeq }) };
}
