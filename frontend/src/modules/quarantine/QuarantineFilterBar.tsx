import { REJECTION_REASONS } from '@cityops/contracts';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/useI18n';
import { FormField } from '../ui/FormField';
import { LabelledInput } from '../ui/LabelledInput';
import { EMPTY_QUARANTINE_FILTERS, type QuarantineFilters } from './QuarantineFilters';

/** The quarantine's filters: edited here, applied (into the URL) on "search". */
export function QuarantineFilterBar({
  filters,
  onApply,
}: {
  filters: QuarantineFilters;
  onApply: (next: QuarantineFilters) => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(filters);
  const [applied, setApplied] = useState(filters);
  // The URL changed (back, a link): the form follows it.
  if (applied !== filters) {
    setApplied(filters);
    setDraft(filters);
  }
  const set = (patch: Partial<QuarantineFilters>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  return (
    <form className="admin-form__row" onSubmit={submit} data-testid="quarantine-filters">
      <LabelledInput
        label={t('admin.quarantine.source')}
        maxLength={100}
        value={draft.source}
        onChange={(event) => set({ source: event.target.value })}
        data-testid="quarantine-filter-source"
      />
      <FormField label={t('admin.quarantine.reason')}>
        <select
          className="field__input"
          value={draft.reason ?? ''}
          onChange={(event) =>
            set({ reason: REJECTION_REASONS.find((r) => r === event.target.value) ?? null })
          }
          data-testid="quarantine-filter-reason"
        >
          <option value="">{t('admin.quarantine.all')}</option>
          {REJECTION_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {t(`rejection.${reason}`)}
            </option>
          ))}
        </select>
      </FormField>
      <LabelledInput
        label={t('admin.quarantine.sensorId')}
        maxLength={200}
        value={draft.sensorId}
        onChange={(event) => set({ sensorId: event.target.value })}
        data-testid="quarantine-filter-sensor"
      />
      <LabelledInput
        label={t('admin.quarantine.from')}
        type="datetime-local"
        value={draft.from}
        onChange={(event) => set({ from: event.target.value })}
        data-testid="quarantine-filter-from"
      />
      <LabelledInput
        label={t('admin.quarantine.to')}
        type="datetime-local"
        value={draft.to}
        onChange={(event) => set({ to: event.target.value })}
        data-testid="quarantine-filter-to"
      />
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" data-testid="quarantine-apply">
          {t('admin.quarantine.apply')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="quarantine-reset"
          onClick={() => onApply(EMPTY_QUARANTINE_FILTERS)}
        >
          {t('admin.quarantine.reset')}
        </button>
      </div>
    </form>
  );
}
