import { SEVERITIES, SEVERITY_COLORS } from '@cityops/contracts';
import type { CSSProperties } from 'react';
import { useSearchParams } from 'react-router';
import { AppNav } from '../../app/AppNav';
import { useAssets } from '../../modules/assets/useAssets';
import { useOpenCases } from '../../modules/cases/useOpenCases';
import { useI18n } from '../../modules/i18n/useI18n';
import { IncidentDetail } from '../../modules/incidents/IncidentDetail';
import { IncidentList } from '../../modules/incidents/IncidentList';
import { severityCounts } from '../../modules/incidents/severityCounts';
import { useActiveIncidents } from '../../modules/incidents/useActiveIncidents';
import { useIncident } from '../../modules/incidents/useIncident';
import { LiveIndicator } from '../../modules/live/LiveIndicator';
import { StaleBanner } from '../../modules/live/StaleBanner';
import type { MapCamera } from '../../modules/map/MapCamera';
import { MapLegend } from '../../modules/map/MapLegend';
import { MapView } from '../../modules/map/MapView';
import { useLayerToggles } from '../../modules/map/useLayerToggles';
import { BrandMark } from '../../modules/ui/BrandMark';
import { errorMessage } from '../../modules/ui/errorMessage';
import './console.css';

const NO_INCIDENTS: never[] = [];

/** /console: the operator's desk. Incident list, map, and the selected incident (?incident=id) with actions. */
export function ConsolePage() {
  const { t } = useI18n();
  const incidents = useActiveIncidents();
  const assets = useAssets();
  const cases = useOpenCases();
  const layers = useLayerToggles('console');
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('incident');
  const items = incidents.data?.items ?? NO_INCIDENTS;
  const listed = selectedId ? items.find((incident) => incident.id === selectedId) : undefined;
  // A selected incident that left the list (resolved, or a deep link) still shows from its own fetch.
  const fetched = useIncident(selectedId && !listed && incidents.isSuccess ? selectedId : null);
  const selected = listed ?? fetched.data ?? null;
  const counts = severityCounts(items);

  const select = (id: string | null) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (id) next.set('incident', id);
        else next.delete('incident');
        return next;
      },
      { replace: true },
    );

  const camera: MapCamera = selected?.location
    ? { kind: 'point', center: selected.location }
    : { kind: 'free' };

  return (
    <div className="console" data-theme="light" data-testid="console">
      <header className="topbar">
        <div className="topbar__brand">
          <BrandMark size={30} />
          <span className="topbar__title">
            {t('app.city')} · {t('app.title')}
          </span>
        </div>
        <LiveIndicator />
        <AppNav />
      </header>

      <div className="console__body">
        <aside className="console__list">
          <header className="panel-header">
            <h1 className="panel-header__title">{t('console.incidents')}</h1>
            <span className="panel-header__meta">
              {t('console.count', { count: items.length })}
            </span>
          </header>
          <div className="severity-summary">
            {[...SEVERITIES].reverse().map((severity) => (
              <span
                key={severity}
                className="severity-summary__item"
                style={{ '--severity-color': SEVERITY_COLORS[severity] } as CSSProperties}
              >
                <span className="severity-summary__dot" aria-hidden="true" />
                {t(`severity.${severity}`)} <strong>{counts[severity]}</strong>
              </span>
            ))}
          </div>
          {incidents.isError ? (
            <div className="console__error" role="alert">
              <p>
                {t('console.loadFailed')}: {errorMessage(incidents.error, t)}
              </p>
              <button type="button" className="button" onClick={() => void incidents.refetch()}>
                {t('console.retry')}
              </button>
            </div>
          ) : (
            <IncidentList
              variant="console"
              incidents={items}
              selectedIncidentId={selectedId}
              onSelectIncident={select}
              emptyText={incidents.isPending ? t('incident.loading') : t('console.empty')}
            />
          )}
        </aside>

        <main className="console__map">
          <MapView
            theme="light"
            assets={assets.data}
            cases={cases.data}
            incidents={items}
            layers={layers}
            selectedIncidentId={selectedId}
            onSelectIncident={select}
            camera={camera}
          />
          <MapLegend theme="light" enabled={layers.enabled} />
          <StaleBanner />
        </main>

        <aside className="console__detail">
          {selected ? (
            <IncidentDetail key={selected.id} incident={selected} onClose={() => select(null)} />
          ) : (
            <p className="console__hint">
              {selectedId && fetched.isError
                ? errorMessage(fetched.error, t)
                : t('console.selectHint')}
            </p>
          )}
        </aside>
      </div>
    </div>
  );
}
