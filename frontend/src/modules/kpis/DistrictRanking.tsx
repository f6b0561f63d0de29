import { SEVERITY_COLORS, type Incident } from '@cityops/contracts';
import type { CSSProperties } from 'react';
import { districtLabel } from '../i18n/districtLabel';
import { useI18n } from '../i18n/useI18n';
import { incidentsByDistrict } from '../incidents/incidentsByDistrict';
import './kpis.css';

const SHOWN = 6;

/** The districts with the most open incidents, as bars in their worst incident's colour. */
export function DistrictRanking({ incidents }: { incidents: readonly Incident[] }) {
  const { t, locale } = useI18n();
  const ranking = incidentsByDistrict(incidents, SHOWN);
  const top = ranking[0]?.count ?? 0;
  return (
    <section
      className="kpi-panel kpi-panel--grow"
      aria-label={t('kpi.byDistrict')}
      data-testid="kpi-districts"
    >
      <header className="kpi-panel__header">
        <h2 className="kpi-panel__title">{t('kpi.byDistrict')}</h2>
      </header>
      {ranking.length === 0 ? (
        <p className="kpi-panel__empty">{t('kpi.noIncidents')}</p>
      ) : (
        <ol className="district-ranking">
          {ranking.map((load, index) => (
            <li
              key={load.code}
              className="district-ranking__row"
              style={
                {
                  '--severity-color': SEVERITY_COLORS[load.worst],
                  '--share': `${(load.count / top) * 100}%`,
                } as CSSProperties
              }
            >
              <span className="district-ranking__rank">{index + 1}</span>
              <span className="district-ranking__name">{districtLabel(load.code, locale)}</span>
              <span className="district-ranking__bar" aria-hidden="true">
                <span className="district-ranking__fill" />
              </span>
              <span className="district-ranking__count kpi-number">{load.count}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
