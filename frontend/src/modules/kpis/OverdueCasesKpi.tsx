import type { CaseDto } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { overdueCases } from './overdueCases';
import './kpis.css';

/** Open sanitation cases past their time limit, out of all open ones. */
export function OverdueCasesKpi({ cases }: { cases: readonly CaseDto[] | undefined }) {
  const { t } = useI18n();
  const { overdue, open } = overdueCases(cases);
  return (
    <section
      className={`now-tile${overdue > 0 ? ' now-tile--alert' : ''}`}
      aria-label={t('kpi.overdueCases')}
      data-testid="kpi-overdue-cases"
    >
      <h2 className="now-tile__label">{t('kpi.overdueCases')}</h2>
      <p className="now-tile__value" data-testid="kpi-overdue-cases-value">
        <span className="kpi-number now-tile__number">{cases ? overdue : '—'}</span>
        <span className="kpi-unit">{t('kpi.unitCases')}</span>
      </p>
      <p className="now-tile__detail">{t('kpi.overdueOf', { count: open })}</p>
    </section>
  );
}
