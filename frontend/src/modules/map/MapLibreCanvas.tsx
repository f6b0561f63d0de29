import 'maplibre-gl/dist/maplibre-gl.css';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useState } from 'react';
import { Layer, Map, Marker, Source } from 'react-map-gl/maplibre';
import { cityBounds } from './cityBounds';
import { districtsAttribution } from './districtsAttribution';
import { exposeMap } from './exposeMap';
import {
  assetCircleLayer,
  ASSETS_SOURCE_ID,
  incidentHaloLayer,
  INCIDENTS_SOURCE_ID,
} from './layers';
import type { MapCanvasProps } from './MapCanvasProps';
import { MapOverlays } from './MapOverlays';
import { mapStyle } from './mapStyle';
import { useCamera } from './useCamera';

// Vite bundles the worker as its own file; MapLibre must be told where it is.
maplibregl.setWorkerUrl(workerUrl);

/** The default renderer: MapLibre GL with the self-hosted style, drawing with no network and no token. */
export function MapLibreCanvas(props: MapCanvasProps) {
  const { theme, assets, incidentPoints, incidents, selectedIncidentId, onSelectIncident, camera } =
    props;
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const [zoom, setZoom] = useState(8);
  useCamera(map, camera);
  useEffect(() => () => exposeMap(null), []);

  return (
    <Map
      mapLib={maplibregl}
      mapStyle={mapStyle[theme]}
      initialViewState={{ bounds: cityBounds, fitBoundsOptions: { padding: 36 } }}
      attributionControl={{ compact: true, customAttribution: districtsAttribution }}
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
      <Source id={INCIDENTS_SOURCE_ID} type="geojson" data={incidentPoints}>
        <Layer {...incidentHaloLayer[theme]} />
      </Source>
      <Source id={ASSETS_SOURCE_ID} type="geojson" data={assets}>
        <Layer {...assetCircleLayer[theme]} />
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
