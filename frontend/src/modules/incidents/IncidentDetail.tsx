import './incidents.css';
import type { Incident } from '@cityops/contracts';
import { useState } from 'react';
import { formatDateTime } from '../i18n/formatDateTime';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { errorMessage } from '../ui/errorMessage';
import { IncidentCard } from './IncidentCard';
import { useIncident } from './useIncident';
import { useIncidentAction } from './useIncidentAction';

interface IncidentDetailProps {
  /** The list's copy, shown at once while the full incident (with timeline) loads. */
  incident: Incident;
  onClose: () => void;
}

/** The console's detail panel: the incident card, acknowledge and resolve with a note, and the timeline. */
export function IncidentDetail({ incident: listed, onClose }: IncidentDetailProps) {
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const detail = useIncident(listed.id);
  const action = useIncidentAction();
  const [note, setNote] = useState('');
  const incident =
    detail.data && Date.parse(detail.data.updatedAt) >= Date.parse(listed.updatedAt)
      ? detail.data
      : listed;
  const timeline = detail.data?.timeline ?? [];

  const run = (kind: 'acknowledge' | 'resolve') =>
    action.mutate(
      { id: incident.id, action: kind, note: note.trim() || undefined },
      { onSuccess: () => setNote('') },
    );

  return (
    <section
      className="incident-detail"
      data-testid="incident-detail"
      data-incident-id={incident.id}
    >
      <IncidentCard incident={incident} onClose={onClose}>
        <div className="incident-detail__actions">
          <label className="field">
            <span className="field__label">{t('incident.note')}</span>
            <textarea
              className="field__input field__input--textarea"
              value={note}
              maxLength={2000}
              rows={2}
              onChange={(event) => setNote(event.target.value)}
            />
          </label>
          <div className="incident-detail__buttons">
            <button
              type="button"
              className="button button--primary"
              data-testid="incident-acknowledge"
              disabled={incident.status !== 'open' || action.isPending}
              onClick={() => run('acknowledge')}
            >
              {t('incident.acknowledge')}
            </button>
            <button
              type="button"
              className="button button--danger"
              data-testid="incident-resolve"
              disabled={incident.status === 'resolved' || action.isPending}
              onClick={() => run('resolve')}
            >
              {t('incident.resolve')}
            </button>
          </div>
          {action.isPending ? (
            <p className="incident-detail__working">{t('incident.working')}</p>
          ) : null}
          {action.isError ? (
            <p className="form-error" role="alert">
              {errorMessage(action.error, t)}
            </p>
          ) : null}
        </div>
      </IncidentCard>
      <section className="timeline" aria-label={t('incident.timeline')}>
        <h3 className="timeline__title">{t('incident.timeline')}</h3>
        {detail.isPending ? <p className="timeline__empty">{t('incident.loading')}</p> : null}
        {detail.isError ? <p className="form-error">{errorMessage(detail.error, t)}</p> : null}
        {detail.isSuccess && timeline.length === 0 ? (
          <p className="timeline__empty">{t('incident.timelineEmpty')}</p>
        ) : null}
        <ol className="timeline__list">
          {timeline.map((entry) => (
            <li key={entry.id} className={`timeline__entry timeline__entry--${entry.type}`}>
              <time dateTime={entry.at}>{formatDateTime(entry.at, 'short', timeZone)}</time>
              <span className="timeline__type">{t(`timeline.${entry.type}`)}</span>
              <span className="timeline__actor">{entry.actor}</span>
              {entry.message ? <p className="timeline__message">{entry.message}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}
