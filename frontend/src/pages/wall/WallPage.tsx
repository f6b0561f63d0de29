import { useEffect, useState, type CSSProperties } from 'react';
import { AppNav } from '../../app/AppNav';
import { useAssets } from '../../modules/assets/useAssets';
import { useOpenCases } from '../../modules/cases/useOpenCases';
import { useI18n } from '../../modules/i18n/useI18n';
import { IncidentCard } from '../../modules/incidents/IncidentCard';
import { IncidentList } from '../../modules/incidents/IncidentList';
import { useActiveIncidents } from '../../modules/incidents/useActiveIncidents';
import { useSpotlight } from '../../modules/incidents/useSpotlight';
import { AssetsKpi } from '../../modules/kpis/AssetsKpi';
import { DistrictRanking } from '../../modules/kpis/DistrictRanking';
import { IndoorTempKpi } from '../../modules/kpis/IndoorTempKpi';
import { OverdueCasesKpi } from '../../modules/kpis/OverdueCasesKpi';
import { RainfallKpi } from '../../modules/kpis/RainfallKpi';
import { SeverityKpis } from '../../modules/kpis/SeverityKpis';
import { LiveIndicator } from '../../modules/live/LiveIndicator';
import { StaleBanner } from '../../modules/live/StaleBanner';
import type { MapCamera } from '../../modules/map/MapCamera';
import { MapLegend } from '../../modules/map/MapLegend';
import { MapView } from '../../modules/map/MapView';
import { useLayerToggles } from '../../modules/map/useLayerToggles';
import { BrandMark } from '../../modules/ui/BrandMark';
import { Clock } from '../../modules/ui/Clock';
import { errorMessage } from '../../modules/ui/errorMessage';
import { WatchBanner } from '../../modules/watch/WatchBanner';
import { useChime } from './useChime';
import { useChimeSetting } from './useChimeSetting';
import { useWallScale } from './useWallScale';
import './wall.css';

/** How long a new orange or red incident holds the wall before it returns to the city view. */
const SPOTLIGHT_MS = 15_000;
/** A card someone opened by hand closes itself, so an unattended wall always comes back to the city. */
const MANUAL_CARD_MS = 45_000;
const NO_INCIDENTS: never[] = [];

/**
 * /wall: the video wall (大屏), dark, designed for 1920×1080 and drawn larger on bigger screens
 * (`--wall-scale`: 2 at 3840×2160), running for days with nobody touching it.
 */
export function WallPage() {
  const { t } = useI18n();
  const incidents = useActiveIncidents();
  const assets = useAssets();
  const cases = useOpenCases();
  const layers = useLayerToggles('wall');
  const spotlight = useSpotlight(SPOTLIGHT_MS);
  const [pickedId, setPickedId] = useState<string | null>(null);
  const scale = useWallScale();
  useChime(useChimeSetting());
  const items = incidents.data?.items ?? NO_INCIDENTS;
  const picked = pickedId ? (items.find((incident) => incident.id === pickedId) ?? null) : null;

  useEffect(() => {
    if (!pickedId) return;
    const timer = setTimeout(() => setPickedId(null), MANUAL_CARD_MS);
    return () => clearTimeout(timer);
  }, [pickedId]);

  const shown = spotlight ?? picked;
  const camera: MapCamera = shown?.location
    ? { kind: 'point', center: shown.location }
    : { kind: 'home' };

  return (
    <div
      className="wall"
      data-theme="dark"
      data-testid="wall"
      data-scale={scale}
      style={{ '--wall-scale': scale } as CSSProperties}
    >
      <header className="wall__header">
        <div className="wall__brand">
          <BrandMark size={44} />
          <div>
            <h1 className="wall__title">
              <span className="wall__city">{t('app.city')}</span>
              {t('app.title')}
            </h1>
            <p className="wall__subtitle">{t('app.center')}</p>
          </div>
        </div>
        <Clock />
        <div className="wall__tools">
          <LiveIndicator />
          <AppNav />
        </div>
      </header>

      <aside className="wall__left">
        <SeverityKpis incidents={items} />
        <AssetsKpi assets={assets.data} />
        <DistrictRanking incidents={items} />
        {assets.isError ? <p className="wall__error">{errorMessage(assets.error, t)}</p> : null}
      </aside>

      <main className="wall__map">
        <MapView
          theme="dark"
          assets={assets.data}
          cases={cases.data}
          incidents={items}
          layers={layers}
          selectedIncidentId={shown?.id ?? null}
          onSelectIncident={setPickedId}
          camera={camera}
          pickTimeoutMs={MANUAL_CARD_MS}
        />
        <div className="wall__map-frame" aria-hidden="true" />
        <WatchBanner />
        <StaleBanner />
        <MapLegend theme="dark" enabled={layers.enabled} />
        {shown ? (
          <div className={`wall__card${spotlight ? ' wall__card--spotlight' : ''}`} key={shown.id}>
            <IncidentCard
              incident={shown}
              kicker={
                spotlight
                  ? t('incident.spotlight', { severity: t(`severity.${spotlight.severity}`) })
                  : undefined
              }
              onClose={spotlight ? undefined : () => setPickedId(null)}
            />
            {spotlight ? (
              <span
                className="wall__countdown"
                style={{ animationDuration: `${SPOTLIGHT_MS}ms` }}
              />
            ) : null}
          </div>
        ) : null}
      </main>

      <aside className="wall__right">
        <div className="now-tiles">
          <IndoorTempKpi assets={assets.data} />
          <RainfallKpi assets={assets.data} />
          <OverdueCasesKpi cases={cases.data} />
        </div>
        <header className="panel-header">
          <h2 className="panel-header__title">{t('feed.title')}</h2>
          <span className="panel-header__count kpi-number">{items.length}</span>
        </header>
        {incidents.isError ? (
          <p className="wall__error" role="alert">
            {errorMessage(incidents.error, t)}
          </p>
        ) : (
          <IncidentList
            variant="feed"
            incidents={items}
            selectedIncidentId={shown?.id ?? null}
            onSelectIncident={setPickedId}
            emptyText={incidents.isPending ? t('incident.loading') : t('feed.empty')}
          />
        )}
      </aside>
    </div>
  );
}
