import type { CaseDto } from '@cityops/contracts';
import { apiRequest } from '../api/apiRequest';
import { CasePageSchema } from './CasePageSchema';

/** The cases the map shows: not closed. */
const OPEN_CASES_QUERY = 'status=open,in_progress&limit=500';
/** A bound on the pages read (5 000 cases): a map of more would be one cluster anyway. */
const MAX_PAGES = 10;

/** Every open or in-progress sanitation case (GET /api/cases), following the cursor. */
export async function fetchOpenCases(signal?: AbortSignal): Promise<CaseDto[]> {
  const items: CaseDto[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query: string = cursor
      ? `${OPEN_CASES_QUERY}&cursor=${encodeURIComponent(cursor)}`
      : OPEN_CASES_QUERY;
    const answer = await apiRequest(`/api/cases?${query}`, { signal, schema: CasePageSchema });
    items.push(...answer.items);
    cursor = answer.next;
    if (!cursor) break;
  }
  return items;
}
