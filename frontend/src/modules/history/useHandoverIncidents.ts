import { useQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import type { HandoverQuery } from './HandoverQuery';
import { historyQueryKeys } from './historyQueryKeys';
import { localTimeMs } from './localTimeMs';

/** The most incidents one section of the report lists. */
const SECTION_LIMIT = 500;

function useIncidentList(filters: Record<string, string>) {
  const query = new URLSearchParams({ ...filters, limit: String(SECTION_LIMIT) }).toString();
  return useQuery({
    queryKey: historyQueryKeys.incidents(query),
    queryFn: ({ signal }) => cityopsApi.incidentPage(new URLSearchParams(query), signal),
  });
}

/**
 * What a handover lists for a district: the incidents still open now (whenever they opened), and
 * every incident opened during the shift with how it ended.
 */
export function useHandoverIncidents(handover: HandoverQuery, timeZone: string) {
  const district: Record<string, string> = handover.district ? { district: handover.district } : {};
  const open = useIncidentList({ status: 'open,acknowledged', ...district });
  const shift = useIncidentList({
    ...district,
    from: new Date(localTimeMs(handover.from, timeZone)).toISOString(),
    to: new Date(localTimeMs(handover.to, timeZone)).toISOString(),
  });
  return { open, shift };
}
