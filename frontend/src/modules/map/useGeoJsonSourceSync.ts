import { useEffect, useMemo } from 'react';
import { createSourceSync, type SourceHost } from './createSourceSync';
import type { MapFeature } from './MapFeature';

/**
 * Owns a GeoJSON source's data once it is mounted (empty, by `<Source>` in MapLayers; react-map-gl
 * never calls setData on it again because its props never change): each new `features` array goes to
 * the source as a diff (`updateData`) where the engine takes them, else whole (see createSourceSync
 * and planSourceUpdate). A source added again (a new style) gets everything anew on 'sourcedata'.
 */
export function useGeoJsonSourceSync(
  map: SourceHost | null,
  sourceId: string,
  features: readonly MapFeature[],
  diffs: boolean,
): void {
  const sync = useMemo(() => createSourceSync(sourceId), [sourceId]);

  useEffect(() => {
    if (!map) return;
    const onSourceData = (event: { sourceId?: string }) => {
      if (event.sourceId === sourceId) sync(map, features, diffs);
    };
    sync(map, features, diffs);
    map.on('sourcedata', onSourceData);
    return () => {
      map.off('sourcedata', onSourceData);
    };
  }, [map, sourceId, sync, features, diffs]);
}
