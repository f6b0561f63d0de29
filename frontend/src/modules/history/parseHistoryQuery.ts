import {
  CASE_CATEGORIES,
  DISTRICT_CODES,
  DOMAINS,
  INCIDENT_STATUSES,
  MAX_STATS_RANGE_DAYS,
  SEVERITIES,
} from '@cityops/contracts';
import { defaultHistoryFilters } from './defaultHistoryFilters';
import type { HistoryFilters } from './HistoryFilters';
import { isCalendarDay } from './isCalendarDay';
import { shiftDay } from './shiftDay';

/** The known values of a comma-separated parameter, in the canonical order; unknown ones dropped. */
function listOf<T extends string>(params: URLSearchParams, name: string, known: readonly T[]): T[] {
  const given = new Set(
    (params.get(name) ?? '')
      .slice(0, 500)
      .split(',')
      .map((value) => value.trim()),
  );
  return known.filter((value) => given.has(value));
}

function rangeOf(params: URLSearchParams): HistoryFilters['range'] {
  const preset = params.get('range');
  if (preset === 'today' || preset === '7d' || preset === '30d') return { kind: preset };
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (
    isCalendarDay(from) &&
    isCalendarDay(to) &&
    from <= to &&
    to < shiftDay(from, MAX_STATS_RANGE_DAYS)
  )
    return { kind: 'custom', from, to };
  return defaultHistoryFilters.range;
}

/**
 * The history page's filters from its URL query (`?range=7d&domain=heating,waterlogging&…` or
 * `?from=2026-11-01&to=2026-11-26&…`). A shared or hand-edited link never breaks the page: unknown
 * values are dropped, a malformed or too long range falls back to the last 7 days.
 */
export function parseHistoryQuery(params: URLSearchParams): HistoryFilters {
  const handledBy = (params.get('handledBy') ?? '').trim();
  return {
    range: rangeOf(params),
    domain: listOf(params, 'domain', DOMAINS),
    district: listOf(params, 'district', DISTRICT_CODES),
    severity: listOf(params, 'severity', SEVERITIES),
    status: listOf(params, 'status', INCIDENT_STATUSES),
    category: listOf(params, 'category', CASE_CATEGORIES),
    handledBy: handledBy && handledBy.length <= 100 ? handledBy : null,
  };
}
