import 'mapbox-gl/dist/mapbox-gl.css';
import { TIANJIN_DISTRICTS_GEOJSON } from '@cityops/contracts';
import type { Map as MapboxMap } from 'mapbox-gl';
import { useEffect, useState } from 'react';
import { Layer, Map, Marker, Source, type LayerProps } from 'react-map-gl/mapbox';
import { cityBounds } from './cityBounds';
import { districtsAttribution } from './districtsAttribution';
import { exposeMap } from './exposeMap';
import {
  districtFillLayer,
  districtGlowLayer,
  districtLineLayer,
  DISTRICTS_SOURCE_ID,
} from './layers';
import { placePickCard, type MapCanvasProps } from './MapCanvasProps';
import { MapLayers, type DataLayerComponent, type GeoJsonSourceComponent } from './MapLayers';
import { MapOverlays } from './MapOverlays';
import type { MarkerComponent } from './MarkerComponent';
import { useCamera } from './useCamera';
import { useMapSourceData } from './useMapSourceData';
import { usePickHandlers } from './usePickHandlers';
import type { SourceHost } from './createSourceSync';

const BASEMAPS = {
  dark: 'mapbox://styles/mapbox/dark-v11',
  light: 'mapbox://styles/mapbox/light-v11',
} as const;

/** MapLibre and Mapbox share the style specification for these layer types; only the TypeScript types differ. */
const asMapbox = (layer: object) => layer as LayerProps;
const MapboxSource = Source as unknown as GeoJsonSourceComponent;
const MapboxLayer = Layer as unknown as DataLayerComponent;

/**
 * The renderer when the deployment sets MAPBOX_TOKEN: Mapbox GL over a Mapbox base map, with the same
 * district, asset, case and incident layers as the offline renderer (mapSources). Loaded lazily, so
 * the default bundle never contains mapbox-gl. Mapbox GL's updateData is not MapLibre's diff, so
 * sources are fed whole (setData), but only when something visible changed.
 */
export function MapboxCanvas(props: MapCanvasProps) {
  const {
    theme,
    data,
    enabled,
    waterDepths,
    incidents,
    selectedIncidentId,
    onSelectIncident,
    camera,
    onPick,
    pickCard,
    mapboxToken,
  } = props;
  const [map, setMap] = useState<MapboxMap | null>(null);
  const [zoom, setZoom] = useState(8);
  useCamera(map, camera);
  useMapSourceData(map as SourceHost | null, data, false);
  useEffect(() => () => exposeMap(null), []);
  const pickHandlers = usePickHandlers(onPick);
  const fill = districtFillLayer[theme];

  return (
    <Map
      mapboxAccessToken={mapboxToken}
      mapStyle={BASEMAPS[theme]}
      initialViewState={{ bounds: cityBounds, fitBoundsOptions: { padding: 36 } }}
      customAttribution={districtsAttribution}
      dragRotate={false}
      pitchWithRotate={false}
      touchPitch={false}
      minZoom={6}
      maxZoom={17}
      style={{ position: 'absolute', inset: 0 }}
      onLoad={(event) => {
        setMap(event.target);
        setZoom(event.target.getZoom());
        exposeMap(event.target);
      }}
      onZoomEnd={(event) => setZoom(event.target.getZoom())}
      {...pickHandlers}
    >
      <Source id={DISTRICTS_SOURCE_ID} type="geojson" data={TIANJIN_DISTRICTS_GEOJSON}>
        {/* The base map shows through a faint fill. */}
        <Layer {...asMapbox({ ...fill, paint: { ...fill.paint, 'fill-opacity': 0.18 } })} />
        <Layer {...asMapbox(districtGlowLayer[theme])} />
        <Layer {...asMapbox(districtLineLayer[theme])} />
      </Source>
      <MapLayers Source={MapboxSource} Layer={MapboxLayer} theme={theme} enabled={enabled} />
      <MapOverlays
        Marker={Marker as MarkerComponent}
        zoom={zoom}
        enabled={enabled}
        waterDepths={waterDepths}
        incidents={incidents}
        selectedIncidentId={selectedIncidentId}
        onSelectIncident={onSelectIncident}
        pickCard={placePickCard(map, pickCard)}
      />
    </Map>
  );
}
