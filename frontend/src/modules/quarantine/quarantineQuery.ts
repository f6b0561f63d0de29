import { REJECTION_REASONS } from '@cityops/contracts';
import { localInputToIso } from '../admin/localInputToIso';
import { isLocalDateTime } from '../history/isLocalDateTime';
import type { QuarantineFilters } from './QuarantineFilters';

function textOf(params: URLSearchParams, name: string, max: number): string {
  const value = (params.get(name) ?? '').trim();
  return value.length <= max ? value : '';
}

/**
 * The filters from the page's URL query (`?reason=out_of_range&from=2026-11-26T08:00&…`). A
 * hand-edited link never breaks the page: an unknown reason, a malformed time or a too long text
 * is dropped (the API's own limits: source 100, sensorId 200 characters).
 */
export function parseQuarantineQuery(params: URLSearchParams): QuarantineFilters {
  const reason = REJECTION_REASONS.find((r) => r === params.get('reason')) ?? null;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    source: textOf(params, 'source', 100),
    reason,
    sensorId: textOf(params, 'sensorId', 200),
    from: isLocalDateTime(from) ? from : '',
    to: isLocalDateTime(to) ? to : '',
  };
}

/** The URL query of the filters, the inverse of `parseQuarantineQuery` (empty ones left out). */
export function serializeQuarantineQuery(filters: QuarantineFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.source.trim()) params.set('source', filters.source.trim());
  if (filters.reason) params.set('reason', filters.reason);
  if (filters.sensorId.trim()) params.set('sensorId', filters.sensorId.trim());
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  return params;
}

/**
 * The API's query for the filters (GET /api/quarantine and /export): the same names, the times
 * as ISO instants read in the display zone.
 */
export function quarantineApiQuery(filters: QuarantineFilters, timeZone: string): URLSearchParams {
  const params = serializeQuarantineQuery(filters);
  for (const name of ['from', 'to'] as const) {
    const iso = filters[name] ? localInputToIso(filters[name], timeZone) : null;
    if (iso) params.set(name, iso);
    else params.delete(name);
  }
  return params;
}
