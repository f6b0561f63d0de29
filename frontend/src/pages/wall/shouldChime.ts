import type { Incident, LiveEvent } from '@cityops/contracts';

/**
 * Whether a live incident event rings the wall's chime: a red incident that is new (opened red), or an
 * open incident that escalated to red. Updates to one already red, acknowledgements, resolutions and
 * anything below red stay silent; so do silenced and suppressed incidents, which nobody is asked to act on.
 */
export function shouldChime(
  event: Exclude<LiveEvent, 'asset.updated'>,
  incident: Incident,
  previous: Incident | undefined,
): boolean {
  if (event === 'incident.resolved') return false;
  if (incident.status !== 'open' || incident.severity !== 'red') return false;
  if (incident.silenced || incident.suppressedBy) return false;
  return !previous || previous.severity !== 'red';
}
