import { DISTRICT_CODES } from '@cityops/contracts';
import { currentShift } from './currentShift';
import type { HandoverQuery } from './HandoverQuery';
import { isLocalDateTime } from './isLocalDateTime';
import { localTimeMs } from './localTimeMs';

/** A shift longer than this is not a shift: the report falls back to the current one. */
const MAX_SHIFT_MS = 7 * 24 * 3_600_000;

/**
 * `/history/handover?district=120101&from=2026-11-26T08:00&to=2026-11-26T20:00`. An unknown
 * district means the whole city; a missing, malformed, reversed or over-long shift means the one
 * under way now.
 */
export function parseHandoverQuery(
  params: URLSearchParams,
  now: number,
  timeZone: string,
): HandoverQuery {
  const code = params.get('district');
  const district = DISTRICT_CODES.find((c) => c === code) ?? null;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (isLocalDateTime(from) && isLocalDateTime(to)) {
    const span = localTimeMs(to, timeZone) - localTimeMs(from, timeZone);
    if (span > 0 && span <= MAX_SHIFT_MS) return { district, from, to };
  }
  return { district, ...currentShift(now, timeZone) };
}
