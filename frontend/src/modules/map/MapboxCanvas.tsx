import 'mapbox-gl/dist/mapbox-gl.css';
import { TIANJIN_DISTRICTS_GEOJSON } from '@cityops/contracts';
import type { Map as MapboxMap } from 'mapbox-gl';
import { useEffect, useState } from 'react';
import { Layer, Map, Marker, Source, type LayerProps } from 'react-map-gl/mapbox';
import { cityBounds } from './cityBounds';
import { districtsAttribution } from './districtsAttribution';
import { exposeMap } from './exposeMap';
import {
  assetCircleLayer,
  ASSETS_SOURCE_ID,
  districtFillLayer,
  districtGlowLayer,
  districtLineLayer,
  DISTRICTS_SOURCE_ID,
  incidentHaloLayer,
  INCIDENTS_SOURCE_ID,
} from './layers';
import type { MapCanvasProps } from './MapCanvasProps';
import { MapOverlays } from './MapOverlays';
import { useCamera } from './useCamera';

const BASEMAPS = {
  dark: 'mapbox://styles/mapbox/dark-v11',
  light: 'mapbox://styles/mapbox/light-v11',
} as const;

/** MapLibre and Mapbox share the style specification for these layer types; only the TypeScript types differ. */
const asMapbox = (layer: object) => layer as LayerProps;

/**
 * The renderer when the deployment sets MAPBOX_TOKEN: Mapbox GL over a Mapbox base map, with the same
 * district, asset and incident layers as the offline renderer. Loaded lazily, so the default bundle
 * never contains mapbox-gl.
 */
export function MapboxCanvas(props: MapCanvasProps) {
  const {
    theme,
    assets,
    incidentPoints,
    incidents,
    selectedIncidentId,
    onSelectIncident,
    camera,
    mapboxToken,
  } = props;
  const [map, setMap] = useState<MapboxMap | null>(null);
  const [zoom, setZoom] = useState(8);
  useCamera(map, camera);
  useEffect(() => () => exposeMap(null), []);
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
    >
      <Source id={DISTRICTS_SOURCE_ID} type="geojson" data={TIANJIN_DISTRICTS_GEOJSON}>
        {/* The base map shows through a faint fill. */}
        <Layer {...asMapbox({ ...fill, paint: { ...fill.paint, 'fill-opacity': 0.18 } })} />
        <Layer {...asMapbox(districtGlowLayer[theme])} />
        <Layer {...asMapbox(districtLineLayer[theme])} />
      </Source>
      <Source id={INCIDENTS_SOURCE_ID} type="geojson" data={incidentPoints}>
        <Layer {...asMapbox(incidentHaloLayer[theme])} />
      </Source>
      <Source id={ASSETS_SOURCE_ID} type="geojson" data={assets}>
        <Layer {...asMapbox(assetCircleLayer[theme])} />
      </Source>
      <MapOverlays
        Marker={Marker}
        zoom={zoom}
        incidents={incidents}
        selectedIncidentId={selectedIncidentId}
        onSelectIncident={onSelectIncident}
      />
    </Map>
  );
}
