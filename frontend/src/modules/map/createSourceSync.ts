import type { FeatureCollection } from 'geojson';
import type { GeoJSONSourceDiff } from 'maplibre-gl';
import type { MapFeature } from './MapFeature';
import { recordMapUpdate } from './mapUpdateStats';
import { planSourceUpdate } from './planSourceUpdate';

/** The part of a GeoJSON source both engines share; `updateData` takes MapLibre's diff. */
interface GeoJsonSourceLike {
  setData(data: FeatureCollection): unknown;
  updateData?(diff: GeoJSONSourceDiff): unknown;
}

/** The part of the map instance a source sync needs (MapLibre's and Mapbox's both fit). */
export interface SourceHost {
  getSource(id: string): unknown;
  on(type: 'sourcedata', listener: (event: { sourceId?: string }) => void): unknown;
  off(type: 'sourcedata', listener: (event: { sourceId?: string }) => void): unknown;
}

const NOTHING: readonly MapFeature[] = [];

/**
 * Feeds one GeoJSON source: remembers what the source holds and brings it to each new `features`
 * array as planSourceUpdate says (a diff via `updateData` when `diffs` and the source has it, else
 * `setData`). A source object it has not fed yet (just added, or added again with a new style) is
 * taken as empty. A diff the source refuses is followed by the whole data. Counts every call in
 * mapUpdateStats.
 */
export function createSourceSync(sourceId: string) {
  let held: { source: GeoJsonSourceLike; features: readonly MapFeature[] } | null = null;

  return function sync(map: SourceHost, features: readonly MapFeature[], diffs: boolean): void {
    const source = map.getSource(sourceId) as GeoJsonSourceLike | undefined;
    if (!source) return; // not added yet: the caller comes back on 'sourcedata'
    const previous = held?.source === source ? held.features : NOTHING;
    if (previous === features) return;
    const takesDiffs = diffs && typeof source.updateData === 'function';
    const plan = planSourceUpdate(previous, features, { diffs: takesDiffs });
    held = { source, features };
    if (plan.kind === 'setData') {
      void source.setData(plan.data);
      recordMapUpdate(sourceId, 'setData', features.length);
    } else if (plan.kind === 'updateData') {
      recordMapUpdate(sourceId, 'updateData', plan.changed);
      const reload = (error: unknown) => {
        console.warn(`cityops: source ${sourceId} refused a diff, reloading it`, error);
        const latest = held?.source === source ? held.features : features;
        void source.setData({ type: 'FeatureCollection', features: [...latest] });
        recordMapUpdate(sourceId, 'setData', latest.length);
      };
      try {
        void Promise.resolve(source.updateData!(plan.diff)).catch(reload);
      } catch (error) {
        reload(error);
      }
    }
  };
}
