import type { Incident, LiveEvent } from '@cityops/contracts';

/** Told of every valid incident event after the cache is patched, with the cached copy from before it. */
export type IncidentListener = (
  event: Exclude<LiveEvent, 'asset.updated'>,
  incident: Incident,
  previous: Incident | undefined,
) => void;
