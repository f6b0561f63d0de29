import type { Rule } from '@cityops/contracts';
import { lazy, Suspense, useState } from 'react';
import { DistrictOptions } from '../history/DistrictOptions';
import type { MessageKey } from '../i18n/MessageKey';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { FormField } from '../ui/FormField';
import { LabelledInput } from '../ui/LabelledInput';
import { errorMessage } from '../ui/errorMessage';
import { BacktestIncidentTable } from './BacktestIncidentTable';
import { progressOf } from './backtestPolling';
import { backtestWindow, lastHours, type BacktestWindowDraft } from './backtestWindow';
import { canBacktest } from './ruleTemplates';
import { rulesApi } from './rulesApi';
import { useBacktestRun } from './useBacktestRun';

// ECharts loads with the first result, not with the page.
const BacktestChart = lazy(() => import('./BacktestChart'));

/**
 * Runs the rule over history: the stored rule (`ruleId`), or the editor's draft when it differs
 * from the stored one (or the rule is new). Shows the progress until done or failed, then the
 * timeline and the incidents.
 */
export function BacktestPanel({
  ruleId,
  draft,
  useDraft,
  type,
}: {
  /** The stored rule's id; null for a rule not saved yet. */
  ruleId: string | null;
  /** The editor's rule when it is valid. */
  draft: Rule | null;
  /** Whether to send the draft (edited and not saved, or new) rather than the stored rule. */
  useDraft: boolean;
  type: string;
}) {
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const [form, setForm] = useState<BacktestWindowDraft>(() => lastHours(24, Date.now(), timeZone));
  const [windowError, setWindowError] = useState<MessageKey | null>(null);
  const { state, start } = useBacktestRun();
  const sendDraft = useDraft || ruleId === null;
  const busy = state.phase === 'starting' || state.phase === 'running';

  if (!canBacktest(type))
    return (
      <section className="history-panel" data-testid="backtest-panel">
        <h2 className="history-panel__title">{t('admin.rules.backtest.title')}</h2>
        <p className="admin-hint" data-testid="backtest-unsupported">
          {t('admin.rules.backtest.unsupported')}
        </p>
      </section>
    );

  const run = () => {
    const windowCheck = backtestWindow(form, timeZone, Date.now());
    setWindowError(windowCheck.error);
    if (!windowCheck.request) return;
    const request = windowCheck.request;
    if (sendDraft) {
      if (!draft) return;
      start(() => rulesApi.backtestDraft({ rule: draft, ...request }));
    } else if (ruleId) {
      start(() => rulesApi.backtestStored(ruleId, request));
    }
  };

  const result = state.phase === 'done' ? state.backtest.result : undefined;
  const failure =
    state.phase === 'failed'
      ? (state.backtest.error ?? t('admin.rules.backtest.failed'))
      : state.phase === 'error'
        ? errorMessage(state.error, t)
        : null;

  return (
    <section className="history-panel admin-form" data-testid="backtest-panel">
      <h2 className="history-panel__title">{t('admin.rules.backtest.title')}</h2>
      <p className="admin-hint" data-testid="backtest-source">
        {sendDraft ? t('admin.rules.backtest.ofDraft') : t('admin.rules.backtest.ofStored')}
      </p>
      <div className="admin-form__row">
        <LabelledInput
          label={t('admin.rules.backtest.from')}
          type="datetime-local"
          value={form.from}
          onChange={(event) => setForm({ ...form, from: event.target.value })}
          data-testid="backtest-from"
        />
        <LabelledInput
          label={t('admin.rules.backtest.to')}
          type="datetime-local"
          value={form.to}
          onChange={(event) => setForm({ ...form, to: event.target.value })}
          data-testid="backtest-to"
        />
        <FormField label={t('admin.rules.backtest.district')}>
          <select
            className="field__input"
            value={form.district}
            onChange={(event) =>
              setForm({ ...form, district: event.target.value as BacktestWindowDraft['district'] })
            }
            data-testid="backtest-district"
          >
            <option value="">{t('admin.wholeCity')}</option>
            <DistrictOptions />
          </select>
        </FormField>
      </div>
      <div className="admin-toolbar">
        <button
          type="button"
          className="button"
          onClick={() => setForm(lastHours(24, Date.now(), timeZone, form.district))}
          data-testid="backtest-last-24h"
        >
          {t('admin.rules.backtest.last24h')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setForm(lastHours(24 * 7, Date.now(), timeZone, form.district))}
          data-testid="backtest-last-7d"
        >
          {t('admin.rules.backtest.last7d')}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={busy || (sendDraft && !draft)}
          onClick={run}
          data-testid="backtest-run"
        >
          {busy ? t('admin.rules.backtest.running') : t('admin.rules.backtest.run')}
        </button>
      </div>
      {windowError ? (
        <p className="admin-field-error" data-testid="backtest-window-error">
          {t(windowError)}
        </p>
      ) : null}
      {sendDraft && !draft ? (
        <p className="admin-hint">{t('admin.rules.backtest.fixFirst')}</p>
      ) : null}
      {state.phase === 'idle' ? null : (
        <div className="admin-toolbar" data-testid="backtest-status" data-phase={state.phase}>
          <progress
            max={1}
            value={progressOf(state)}
            data-testid="backtest-progress"
            aria-label={t('admin.rules.backtest.progress')}
          />
          <span>
            {t(`admin.rules.backtest.phase.${state.phase}`)} · {Math.round(progressOf(state) * 100)}
            %
          </span>
        </div>
      )}
      {failure ? (
        <p className="form-error" role="alert" data-testid="backtest-error">
          {failure}
        </p>
      ) : null}
      {result ? (
        <>
          <p className="admin-hint" data-testid="backtest-summary">
            {t('admin.rules.backtest.summary', {
              incidents: result.summary.incidents,
              open: result.summary.open,
              transitions: result.summary.transitions,
              series: result.series,
              points: result.points,
            })}
            {result.truncated ? ` · ${t('admin.rules.backtest.truncated')}` : ''}
          </p>
          {result.incidents.length ? (
            <Suspense fallback={<p className="history-panel__note">{t('admin.loading')}</p>}>
              <BacktestChart result={result} />
            </Suspense>
          ) : null}
          <BacktestIncidentTable incidents={result.incidents} />
        </>
      ) : null}
    </section>
  );
}
