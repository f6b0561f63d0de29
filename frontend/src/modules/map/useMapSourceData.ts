import {
  CASES_SOURCE_ID,
  HEATING_LINKS_SOURCE_ID,
  HEATING_SOURCE_ID,
  INCIDENTS_SOURCE_ID,
  INDOOR_SOURCE_ID,
  RAIN_SOURCE_ID,
  WATERLOGGING_SOURCE_ID,
} from './layers';
import type { MapSourceData } from './MapSourceData';
import type { SourceHost } from './createSourceSync';
import { useGeoJsonSourceSync } from './useGeoJsonSourceSync';

/**
 * Keeps every data source of the map in step with `data`, as diffs where the engine takes them
 * (MapLibre) and whole otherwise (Mapbox GL): see useGeoJsonSourceSync.
 */
export function useMapSourceData(
  map: SourceHost | null,
  data: MapSourceData,
  diffs: boolean,
): void {
  useGeoJsonSourceSync(map, INCIDENTS_SOURCE_ID, data[INCIDENTS_SOURCE_ID], diffs);
  useGeoJsonSourceSync(map, INDOOR_SOURCE_ID, data[INDOOR_SOURCE_ID], diffs);
  useGeoJsonSourceSync(map, HEATING_LINKS_SOURCE_ID, data[HEATING_LINKS_SOURCE_ID], diffs);
  useGeoJsonSourceSync(map, WATERLOGGING_SOURCE_ID, data[WATERLOGGING_SOURCE_ID], diffs);
  useGeoJsonSourceSync(map, RAIN_SOURCE_ID, data[RAIN_SOURCE_ID], diffs);
  useGeoJsonSourceSync(map, HEATING_SOURCE_ID, data[HEATING_SOURCE_ID], diffs);
  useGeoJsonSourceSync(map, CASES_SOURCE_ID, data[CASES_SOURCE_ID], diffs);
}
