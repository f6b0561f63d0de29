import type { Incident, IncidentPage } from '@cityops/contracts';
import { compareIncidents } from './compareIncidents';

/**
 * The cached list of active incidents after one change (a live event or an action's answer):
 * a resolved incident leaves the list, an open or acknowledged one is inserted or replaced, and the
 * list stays sorted. A change older than the cached copy (events can overtake a REST answer) is ignored.
 * Nothing cached yet: nothing to patch, the first fetch brings it.
 */
export function patchIncidentPage(
  page: IncidentPage | undefined,
  incident: Incident,
): IncidentPage | undefined {
  if (!page) return page;
  const index = page.items.findIndex((item) => item.id === incident.id);
  const existing = index >= 0 ? page.items[index] : undefined;

  if (incident.status === 'resolved') {
    if (!existing) return page;
    return { ...page, items: page.items.filter((item) => item.id !== incident.id) };
  }
  if (existing && Date.parse(existing.updatedAt) > Date.parse(incident.updatedAt)) return page;

  const items = existing
    ? page.items.map((item) => (item.id === incident.id ? incident : item))
    : [...page.items, incident];
  return { ...page, items: items.sort(compareIncidents) };
}
