import type { MapFeature } from './MapFeature';
import type { MapSourceId } from './mapSources';

/** The features of every data source, each array kept (same object) while its content is unchanged. */
export type MapSourceData = Record<MapSourceId, readonly MapFeature[]>;
