import { formatDateTime } from '../i18n/formatDateTime';
import { districtLabel } from '../i18n/districtLabel';
import { useI18n } from '../i18n/useI18n';
import { errorMessage } from '../ui/errorMessage';
import { HandoverIncidentTable } from './HandoverIncidentTable';
import type { HandoverQuery } from './HandoverQuery';
import { useHandoverIncidents } from './useHandoverIncidents';

interface HandoverReportProps {
  handover: HandoverQuery;
  timeZone: string;
  /** When the report was drawn (epoch ms). */
  generatedAt: number;
}

/** The printable shift handover of one district: summary, incidents still open, incidents of the shift, signatures. */
export function HandoverReport({ handover, timeZone, generatedAt }: HandoverReportProps) {
  const { t, locale } = useI18n();
  const { open, shift } = useHandoverIncidents(handover, timeZone);
  const place = handover.district
    ? (districtLabel(handover.district, locale) ?? handover.district)
    : t('handover.wholeCity');
  const shiftItems = shift.data?.items ?? [];
  const section = (query: typeof open, testId: string) => {
    if (query.isError)
      return (
        <p className="form-error" role="alert">
          {errorMessage(query.error, t)}
        </p>
      );
    if (query.isPending) return <p className="handover__none">{t('incident.loading')}</p>;
    return (
      <>
        <HandoverIncidentTable incidents={query.data.items} timeZone={timeZone} testId={testId} />
        {query.data.next ? <p className="handover__note">{t('handover.more')}</p> : null}
      </>
    );
  };

  return (
    <article className="handover__report" data-testid="handover-report">
      <header className="handover__header">
        <h1 className="handover__title">
          {t('app.city')}
          {place} · {t('handover.title')}
        </h1>
        <dl className="handover__meta">
          <div>
            <dt>{t('handover.shift')}</dt>
            <dd data-testid="handover-shift">
              {handover.from.replace('T', ' ')} — {handover.to.replace('T', ' ')}
            </dd>
          </div>
          <div>
            <dt>{t('handover.generatedAt')}</dt>
            <dd>{formatDateTime(generatedAt, 'full', timeZone)}</dd>
          </div>
        </dl>
        {open.data && shift.data ? (
          <p className="handover__summary" data-testid="handover-summary">
            {t('handover.summary', {
              opened: shiftItems.length,
              resolved: shiftItems.filter((i) => i.status === 'resolved').length,
              open: open.data.items.length,
            })}
          </p>
        ) : null}
      </header>

      <section className="handover__section">
        <h2 className="handover__heading">{t('handover.openSection')}</h2>
        {section(open, 'handover-open')}
      </section>
      <section className="handover__section">
        <h2 className="handover__heading">{t('handover.shiftSection')}</h2>
        {section(shift, 'handover-shift-incidents')}
      </section>

      <footer className="handover__sign">
        <span>{t('handover.signOff')}</span>
        <span>{t('handover.signOn')}</span>
      </footer>
    </article>
  );
}
