import { SEVERITY_COLORS, type Incident } from '@cityops/contracts';
import type { CSSProperties } from 'react';
import { districtLabel } from '../i18n/districtLabel';
import { formatDateTime } from '../i18n/formatDateTime';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { formatIncidentValue } from './formatIncidentValue';

interface IncidentRowProps {
  incident: Incident;
  selected: boolean;
  onSelect: (id: string) => void;
}

/** One incident in a list: severity colour, title, district, opened time (city time), status. */
export function IncidentRow({ incident, selected, onSelect }: IncidentRowProps) {
  const { t, locale } = useI18n();
  const timeZone = useTimeZone();
  const value = formatIncidentValue(incident);
  return (
    <li className="incident-list__item">
      <button
        type="button"
        className={`incident-row incident-row--${incident.status}${selected ? ' incident-row--selected' : ''}`}
        style={{ '--severity-color': SEVERITY_COLORS[incident.severity] } as CSSProperties}
        data-testid="incident-row"
        data-incident-id={incident.id}
        data-severity={incident.severity}
        data-status={incident.status}
        aria-pressed={selected}
        onClick={() => onSelect(incident.id)}
      >
        <span className="incident-row__stripe" aria-hidden="true" />
        <span className="incident-row__main">
          <span className="incident-row__title">{incident.title}</span>
          <span className="incident-row__meta">
            <span className="incident-row__severity">{t(`severity.${incident.severity}`)}</span>
            <span className="incident-row__district">
              {districtLabel(incident.district, locale) ?? t('incident.unknownDistrict')}
            </span>
            {incident.assetName ? (
              <span className="incident-row__asset">{incident.assetName}</span>
            ) : null}
          </span>
        </span>
        <span className="incident-row__side">
          <time className="incident-row__time" dateTime={incident.openedAt}>
            {formatDateTime(incident.openedAt, 'short', timeZone)}
          </time>
          {value ? <span className="incident-row__value">{value}</span> : null}
          <span className={`status-chip status-chip--${incident.status}`}>
            {t(`status.${incident.status}`)}
          </span>
        </span>
      </button>
    </li>
  );
}
