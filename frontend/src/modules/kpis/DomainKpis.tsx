import { DOMAINS, SEVERITY_COLORS, type Incident } from '@cityops/contracts';
import type { CSSProperties } from 'react';
import { useI18n } from '../i18n/useI18n';
import { incidentsByDomain } from './incidentsByDomain';
import './kpis.css';

/** Open incidents per domain (供热 / 积水 / 环卫), each edged in its worst incident's colour. */
export function DomainKpis({ incidents }: { incidents: readonly Incident[] }) {
  const { t } = useI18n();
  const loads = incidentsByDomain(incidents);
  return (
    <ul className="domain-tiles" aria-label={t('kpi.incidentsByDomain')} data-testid="kpi-domains">
      {DOMAINS.map((domain) => {
        const { count, worst } = loads[domain];
        return (
          <li
            key={domain}
            className={`domain-tile${count > 0 ? ' domain-tile--active' : ''}`}
            style={
              {
                '--severity-color': worst ? SEVERITY_COLORS[worst] : 'var(--border-strong)',
              } as CSSProperties
            }
            data-testid="kpi-domain"
            data-domain={domain}
          >
            <span className="domain-tile__label">{t(`domain.${domain}`)}</span>
            <span className="domain-tile__value">
              <span className="kpi-number domain-tile__count">{count}</span>
              <span className="kpi-unit">{t('kpi.unitIncidents')}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
