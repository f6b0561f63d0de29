import type { FeatureCollection } from 'geojson';
import type { ComponentType, ReactNode } from 'react';
import type { LayerToggleState } from './layerToggleState';
import { mapSources, type DataLayerSpecification } from './mapSources';
import type { MapTheme } from './MapTheme';
import { visibleLayer } from './visibleLayer';

/** The part of react-map-gl's `<Source>` used here; MapLibre's fits, Mapbox's is cast (same spec). */
export type GeoJsonSourceComponent = ComponentType<{
  id: string;
  type: 'geojson';
  data: FeatureCollection;
  cluster?: boolean;
  clusterRadius?: number;
  clusterMaxZoom?: number;
  clusterProperties?: object;
  children?: ReactNode;
}>;
export type DataLayerComponent = ComponentType<DataLayerSpecification>;

/**
 * Mounted empty, and never given new props: react-map-gl would call setData with the whole data on
 * every change. useGeoJsonSourceSync owns the data from then on and sends diffs.
 */
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * Every data source and layer over the base map (mapSources), for either engine's `<Source>` and
 * `<Layer>`; a switched-off group's layers stay mounted with `visibility: none`.
 */
export function MapLayers({
  Source,
  Layer,
  theme,
  enabled,
}: {
  Source: GeoJsonSourceComponent;
  Layer: DataLayerComponent;
  theme: MapTheme;
  enabled: LayerToggleState;
}) {
  return mapSources.map((source) => (
    <Source key={source.id} id={source.id} type="geojson" data={EMPTY} {...source.options}>
      {source.layers.map(({ group, layer }) => (
        <Layer key={layer[theme].id} {...visibleLayer(layer[theme], enabled[group])} />
      ))}
    </Source>
  ));
}
