import './incidents.css';
import { isMetricName, SEVERITY_COLORS, type Incident } from '@cityops/contracts';
import type { CSSProperties, ReactNode } from 'react';
import { districtLabel } from '../i18n/districtLabel';
import { formatDateTime } from '../i18n/formatDateTime';
import { formatElapsed } from '../i18n/formatElapsed';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { useNow } from '../ui/useNow';
import { formatIncidentValue } from './formatIncidentValue';
import { SeverityBadge } from './SeverityBadge';

interface IncidentCardProps {
  incident: Incident;
  onClose?: () => void;
  /** A heading above the title, e.g. "新发红色预警" on the wall. */
  kicker?: ReactNode;
  children?: ReactNode;
  className?: string;
}

/** What an operator needs to know about one incident at a glance; actions go in `children`. */
export function IncidentCard({
  incident,
  onClose,
  kicker,
  children,
  className = '',
}: IncidentCardProps) {
  const { t, locale } = useI18n();
  const timeZone = useTimeZone();
  const now = useNow(30_000);
  const value = formatIncidentValue(incident);
  const rows: [string, ReactNode][] = [
    [
      t('incident.district'),
      districtLabel(incident.district, locale) ?? t('incident.unknownDistrict'),
    ],
    [t('incident.asset'), incident.assetName ?? incident.assetId ?? '—'],
    [t('incident.domain'), t(`domain.${incident.domain}`)],
    [t('incident.openedAt'), formatDateTime(incident.openedAt, 'full', timeZone)],
    [t('incident.elapsed'), formatElapsed(Date.parse(incident.openedAt), now, t)],
  ];
  if (value) {
    const metric = incident.metric && isMetricName(incident.metric) ? incident.metric : null;
    rows.push([metric ? t(`metric.${metric}`) : t('incident.lastValue'), value]);
  }
  if (incident.acknowledgedAt)
    rows.push([
      t('incident.acknowledgedAt'),
      formatDateTime(incident.acknowledgedAt, 'full', timeZone),
    ]);

  return (
    <article
      className={`incident-card incident-card--${incident.severity} ${className}`}
      style={{ '--severity-color': SEVERITY_COLORS[incident.severity] } as CSSProperties}
      data-testid="incident-card"
      data-incident-id={incident.id}
      data-severity={incident.severity}
    >
      <header className="incident-card__header">
        <div className="incident-card__badges">
          <SeverityBadge severity={incident.severity} />
          <span className={`status-chip status-chip--${incident.status}`}>
            {t(`status.${incident.status}`)}
          </span>
        </div>
        {onClose ? (
          <button
            type="button"
            className="icon-button"
            aria-label={t('incident.close')}
            onClick={onClose}
          >
            ×
          </button>
        ) : null}
      </header>
      {kicker ? <p className="incident-card__kicker">{kicker}</p> : null}
      <h2 className="incident-card__title">{incident.title}</h2>
      <dl className="incident-card__facts">
        {rows.map(([label, content]) => (
          <div key={label} className="incident-card__fact">
            <dt>{label}</dt>
            <dd>{content}</dd>
          </div>
        ))}
      </dl>
      {children}
    </article>
  );
}
