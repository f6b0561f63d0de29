import type { Feature, Geometry } from 'geojson';

/** A GeoJSON feature the map's sources hold: always with a unique string id, so sources can take diffs. */
export type MapFeature<
  G extends Geometry = Geometry,
  P extends Record<string, unknown> = Record<string, unknown>,
> = Feature<G, P> & { id: string };
