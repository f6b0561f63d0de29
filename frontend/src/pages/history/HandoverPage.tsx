import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AppNav } from '../../app/AppNav';
import { useI18n } from '../../modules/i18n/useI18n';
import { useTimeZone } from '../../modules/i18n/useTimeZone';
import '../../modules/incidents/incidents.css';
import { DistrictOptions } from '../../modules/history/DistrictOptions';
import { HandoverReport } from '../../modules/history/HandoverReport';
import type { HandoverQuery } from '../../modules/history/HandoverQuery';
import { isLocalDateTime } from '../../modules/history/isLocalDateTime';
import { parseHandoverQuery } from '../../modules/history/parseHandoverQuery';
import './handover.css';

/**
 * /history/handover?district=&from=&to=: the printable shift handover of a district (the shift under
 * way by default). The toolbar and navigation do not print.
 */
export function HandoverPage() {
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const [params, setParams] = useSearchParams();
  const [generatedAt] = useState(() => Date.now());
  const handover = useMemo(
    () => parseHandoverQuery(params, generatedAt, timeZone),
    [params, generatedAt, timeZone],
  );
  const update = (patch: Partial<HandoverQuery>) => {
    const next = { ...handover, ...patch };
    const query = new URLSearchParams();
    if (next.district) query.set('district', next.district);
    query.set('from', next.from);
    query.set('to', next.to);
    setParams(query);
  };

  return (
    <div className="handover" data-theme="light" data-testid="handover">
      <div className="handover__toolbar">
        <Link to="/history" className="ghost-button">
          ← {t('handover.back')}
        </Link>
        <label className="handover__field">
          <span>{t('history.district')}</span>
          <select
            className="compact-input"
            data-testid="handover-district"
            value={handover.district ?? ''}
            onChange={(event) => update({ district: event.target.value || null })}
          >
            <option value="">{t('handover.wholeCity')}</option>
            <DistrictOptions />
          </select>
        </label>
        <label className="handover__field">
          <span>{t('history.from')}</span>
          <input
            type="datetime-local"
            className="compact-input"
            data-testid="handover-from"
            value={handover.from}
            onChange={(event) => {
              if (isLocalDateTime(event.target.value)) update({ from: event.target.value });
            }}
          />
        </label>
        <label className="handover__field">
          <span>{t('history.to')}</span>
          <input
            type="datetime-local"
            className="compact-input"
            data-testid="handover-to"
            value={handover.to}
            onChange={(event) => {
              if (isLocalDateTime(event.target.value)) update({ to: event.target.value });
            }}
          />
        </label>
        <button
          type="button"
          className="button button--primary"
          data-testid="handover-print"
          onClick={() => window.print()}
        >
          {t('handover.print')}
        </button>
        <div className="handover__nav">
          <AppNav />
        </div>
      </div>
      <HandoverReport handover={handover} timeZone={timeZone} generatedAt={generatedAt} />
    </div>
  );
}
