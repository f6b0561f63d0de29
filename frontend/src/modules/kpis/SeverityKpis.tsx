import { SEVERITIES, SEVERITY_COLORS, type Incident } from '@cityops/contracts';
import type { CSSProperties } from 'react';
import { useI18n } from '../i18n/useI18n';
import './kpis.css';
import { severityCounts } from '../incidents/severityCounts';
import { DomainKpis } from './DomainKpis';

/** Open incidents by warning colour, red first, with the total and per domain: the wall's headline numbers. */
export function SeverityKpis({ incidents }: { incidents: readonly Incident[] }) {
  const { t } = useI18n();
  const counts = severityCounts(incidents);
  return (
    <section className="kpi-panel" aria-label={t('kpi.incidents')} data-testid="kpi-incidents">
      <header className="kpi-panel__header">
        <h2 className="kpi-panel__title">{t('kpi.incidents')}</h2>
        <span className="kpi-panel__total">
          <span className="kpi-panel__total-label">{t('kpi.total')}</span>
          <span className="kpi-number" data-testid="kpi-incidents-total">
            {incidents.length}
          </span>
        </span>
      </header>
      <div className="severity-tiles">
        {[...SEVERITIES].reverse().map((severity) => (
          <div
            key={severity}
            className={`severity-tile severity-tile--${severity}${counts[severity] > 0 ? ' severity-tile--active' : ''}`}
            style={{ '--severity-color': SEVERITY_COLORS[severity] } as CSSProperties}
            data-testid="kpi-severity"
            data-severity={severity}
          >
            <span className="severity-tile__count kpi-number">{counts[severity]}</span>
            <span className="severity-tile__label">
              {t(`severity.${severity}`)} · {t(`severityLevel.${severity}`)}
            </span>
          </div>
        ))}
      </div>
      <DomainKpis incidents={incidents} />
    </section>
  );
}
