import 'maplibre-gl/dist/maplibre-gl.css';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useState } from 'react';
import { Layer, Map, Marker, Source } from 'react-map-gl/maplibre';
import { cityBounds } from './cityBounds';
import { districtsAttribution } from './districtsAttribution';
import { exposeMap } from './exposeMap';
import { placePickCard, type MapCanvasProps } from './MapCanvasProps';
import { MapLayers } from './MapLayers';
import { MapOverlays } from './MapOverlays';
import { mapStyle } from './mapStyle';
import { useCamera } from './useCamera';
import { useMapSourceData } from './useMapSourceData';
import { usePickHandlers } from './usePickHandlers';

// Vite bundles the worker as its own file; MapLibre must be told where it is.
maplibregl.setWorkerUrl(workerUrl);

/** The default renderer: MapLibre GL with the self-hosted style, drawing with no network and no token. */
export function MapLibreCanvas(props: MapCanvasProps) {
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
  } = props;
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const [zoom, setZoom] = useState(8);
  useCamera(map, camera);
  // MapLibre takes diffs (GeoJSONSource.updateData): live changes never reload a whole source.
  useMapSourceData(map, data, true);
  useEffect(() => () => exposeMap(null), []);
  const pickHandlers = usePickHandlers(onPick);

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
      {...pickHandlers}
    >
      <MapLayers Source={Source} Layer={Layer} theme={theme} enabled={enabled} />
      <MapOverlays
        Marker={Marker}
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
