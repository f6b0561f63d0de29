import { type z } from 'zod';
import { AssetFeatureSchema } from './assets.js';
import { IncidentSchema } from './incidents.js';
import { WatchModeSchema } from './watch.js';

/** Socket.IO events at /socket.io; each carries the same DTO as REST. */
export const LiveEvent = {
  IncidentOpened: 'incident.opened',
  IncidentUpdated: 'incident.updated',
  IncidentResolved: 'incident.resolved',
  AssetUpdated: 'asset.updated',
  /** A watch started, ended, or its planned end changed (GET /api/watch carries the same DTO). */
  WatchChanged: 'watch.changed',
} as const;
export type LiveEvent = (typeof LiveEvent)[keyof typeof LiveEvent];

export const LIVE_EVENT_SCHEMAS = {
  [LiveEvent.IncidentOpened]: IncidentSchema,
  [LiveEvent.IncidentUpdated]: IncidentSchema,
  [LiveEvent.IncidentResolved]: IncidentSchema,
  [LiveEvent.AssetUpdated]: AssetFeatureSchema,
  [LiveEvent.WatchChanged]: WatchModeSchema,
} as const;

export type LiveEventPayload<E extends LiveEvent> = z.infer<(typeof LIVE_EVENT_SCHEMAS)[E]>;

/** Socket.IO clients authenticate with the same bearer token: io(url, { auth: { token } }). */
export const LIVE_ROOM_ALL = 'city';

/**
 * A caller limited to some districts joins their rooms instead of LIVE_ROOM_ALL, so it receives
 * only events of those districts (and events of no district, such as watch.changed).
 */
export const liveDistrictRoom = (district: string) => `district:${district}`;
