import type { AssetCollection, CaseDto, Incident } from '@cityops/contracts';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useConfig } from '../api/useConfig';
import { useI18n } from '../i18n/useI18n';
import { assetLayerFeatures, type AssetPointFeature } from './assetLayerFeatures';
import type { AssetLayerGroup } from './assetLayerGroup';
import { createArrayKeeper } from './keepUnchangedArrays';
import { assetPoint } from './assetPoint';
import { casesToGeoJson } from './casesToGeoJson';
import { heatingLinks } from './heatingLinks';
import { incidentsToGeoJson } from './incidentsToGeoJson';
import { layerCounts } from './layerCounts';
import { LayerToggles } from './LayerToggles';
import {
  CASES_SOURCE_ID,
  HEATING_LINKS_SOURCE_ID,
  HEATING_SOURCE_ID,
  INCIDENTS_SOURCE_ID,
  INDOOR_SOURCE_ID,
  RAIN_SOURCE_ID,
  WATERLOGGING_SOURCE_ID,
} from './layers';
import type { MapCamera } from './MapCamera';
import { MapLibreCanvas } from './MapLibreCanvas';
import type { MapSourceData } from './MapSourceData';
import './map.css';
import type { MapTheme } from './MapTheme';
import { memoizeByObject } from './memoizeByObject';
import type { MapPick } from './mapPick';
import { MapPickCard } from './MapPickCard';
import type { LayerToggles as LayerToggleControl } from './useLayerToggles';
import { waterDepthPoints } from './waterDepthPoints';

const MapboxCanvas = lazy(() =>
  import('./MapboxCanvas').then((module) => ({ default: module.MapboxCanvas })),
);

interface MapViewProps {
  theme: MapTheme;
  assets: AssetCollection | undefined;
  /** Open sanitation cases (useOpenCases). */
  cases: readonly CaseDto[] | undefined;
  incidents: readonly Incident[];
  /** The page's layer toggles (useLayerToggles): shown over the map, and what the map draws. */
  layers: LayerToggleControl;
  selectedIncidentId: string | null;
  onSelectIncident: (id: string) => void;
  camera: MapCamera;
  /** A card opened by clicking an asset or a case closes itself after this long (the wall). */
  pickTimeoutMs?: number;
}

/**
 * The city map shared by the wall and the console. Offline MapLibre by default; Mapbox when
 * GET /api/config returns a token. Waits for the config (or its failure) so the map is created once.
 * Builds each source's features here (per-asset results are memoized by the asset object, which the
 * live cache patch keeps for untouched assets), so a live update costs a diff of a few features.
 */
export function MapView({
  theme,
  assets,
  cases,
  incidents,
  layers,
  selectedIncidentId,
  onSelectIncident,
  camera,
  pickTimeoutMs,
}: MapViewProps) {
  const { t } = useI18n();
  const config = useConfig();
  const toPoint = useMemo(() => memoizeByObject(assetPoint), []);
  const keepGroups = useMemo(() => createArrayKeeper<AssetLayerGroup, AssetPointFeature>(), []);
  const assetGroups = useMemo(
    () => keepGroups(assetLayerFeatures(assets, toPoint)),
    [assets, toPoint, keepGroups],
  );
  const links = useMemo(() => heatingLinks(assets), [assets]);
  const casePoints = useMemo(() => casesToGeoJson(cases), [cases]);
  const incidentPoints = useMemo(() => incidentsToGeoJson(incidents).features, [incidents]);
  const waterDepths = useMemo(() => waterDepthPoints(assets), [assets]);
  const counts = useMemo(() => layerCounts(assets, cases, incidents), [assets, cases, incidents]);
  const data = useMemo<MapSourceData>(
    () => ({
      [INCIDENTS_SOURCE_ID]: incidentPoints,
      [INDOOR_SOURCE_ID]: assetGroups.indoor,
      [HEATING_LINKS_SOURCE_ID]: links,
      [WATERLOGGING_SOURCE_ID]: assetGroups.waterlogging,
      [RAIN_SOURCE_ID]: assetGroups.rain,
      [HEATING_SOURCE_ID]: assetGroups.heating,
      [CASES_SOURCE_ID]: casePoints,
    }),
    [incidentPoints, assetGroups, links, casePoints],
  );
  const [pick, setPick] = useState<Exclude<MapPick, { kind: 'cluster' }> | null>(null);
  useEffect(() => {
    if (!pick || !pickTimeoutMs) return;
    const timer = setTimeout(() => setPick(null), pickTimeoutMs);
    return () => clearTimeout(timer);
  }, [pick, pickTimeoutMs]);
  const pickCard = useMemo(() => {
    if (!pick) return null;
    const asset =
      pick.kind === 'asset'
        ? (assets?.features.find((feature) => feature.properties.id === pick.id) ?? null)
        : null;
    const item = pick.kind === 'case' ? (cases?.find((c) => c.id === pick.id) ?? null) : null;
    const incident =
      pick.kind === 'asset'
        ? (incidents.find((i) => i.assetId === pick.id && i.status !== 'resolved') ?? null)
        : null;
    return {
      lngLat: pick.lngLat,
      node: (
        <MapPickCard
          kind={pick.kind}
          id={pick.id}
          asset={asset}
          item={item}
          incident={incident}
          onSelectIncident={(id) => {
            setPick(null);
            onSelectIncident(id);
          }}
          onClose={() => setPick(null)}
        />
      ),
    };
  }, [pick, assets, cases, incidents, onSelectIncident]);
  const loading = <div className="map-view__loading">{t('map.loading')}</div>;

  const canvasProps = {
    theme,
    data,
    enabled: layers.enabled,
    waterDepths,
    incidents,
    selectedIncidentId,
    onSelectIncident,
    camera,
    onPick: setPick,
    pickCard,
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
      <LayerToggles
        theme={theme}
        enabled={layers.enabled}
        counts={counts}
        onToggle={layers.toggle}
      />
    </div>
  );
}
