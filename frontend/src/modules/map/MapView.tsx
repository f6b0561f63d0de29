import type { AssetCollection, Incident } from '@cityops/contracts';
import { lazy, Suspense, useMemo } from 'react';
import { useConfig } from '../api/useConfig';
import { useI18n } from '../i18n/useI18n';
import { assetsToGeoJson } from './assetsToGeoJson';
import { incidentsToGeoJson } from './incidentsToGeoJson';
import type { MapCamera } from './MapCamera';
import { MapLibreCanvas } from './MapLibreCanvas';
import './map.css';
import type { MapTheme } from './MapTheme';

const MapboxCanvas = lazy(() =>
  import('./MapboxCanvas').then((module) => ({ default: module.MapboxCanvas })),
);

interface MapViewProps {
  theme: MapTheme;
  assets: AssetCollection | undefined;
  incidents: readonly Incident[];
  selectedIncidentId: string | null;
  onSelectIncident: (id: string) => void;
  camera: MapCamera;
}

/**
 * The city map shared by the wall and the console. Offline MapLibre by default; Mapbox when
 * GET /api/config returns a token. Waits for the config (or its failure) so the map is created once.
 */
export function MapView({
  theme,
  assets,
  incidents,
  selectedIncidentId,
  onSelectIncident,
  camera,
}: MapViewProps) {
  const { t } = useI18n();
  const config = useConfig();
  const assetPoints = useMemo(() => assetsToGeoJson(assets), [assets]);
  const incidentPoints = useMemo(() => incidentsToGeoJson(incidents), [incidents]);
  const loading = <div className="map-view__loading">{t('map.loading')}</div>;

  const canvasProps = {
    theme,
    assets: assetPoints,
    incidentPoints,
    incidents,
    selectedIncidentId,
    onSelectIncident,
    camera,
  };
  const mapboxToken = config.data?.mapboxToken;

  return (
    <div
      className={`map-view map-view--${theme}`}
      data-testid="map-view"
      data-engine={mapboxToken ? 'mapbox' : 'maplibre'}
    >
      {config.isPending ? (
        loading
      ) : mapboxToken ? (
        <Suspense fallback={loading}>
          <MapboxCanvas {...canvasProps} mapboxToken={mapboxToken} />
        </Suspense>
      ) : (
        <MapLibreCanvas {...canvasProps} />
      )}
    </div>
  );
}
