import { DOMAINS, MAX_OPERATOR_SILENCE_HOURS, type Role } from '@cityops/contracts';
import { useState } from 'react';
import { AdminForm } from '../admin/AdminForm';
import { toLocalInput } from '../admin/toLocalInput';
import { useCreateForm } from '../admin/useCreateForm';
import { DistrictOptions } from '../history/DistrictOptions';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { FormField } from '../ui/FormField';
import { LabelledInput } from '../ui/LabelledInput';
import { useCreateSilence } from './useCreateSilence';
import { validateNewSilence, type NewSilenceDraft } from './validateNewSilence';

const HOUR = 3_600_000;

/** A fresh draft: from now for two hours, in the display zone. */
function emptyDraft(now: number, timeZone: string): NewSilenceDraft {
  return {
    assetId: '',
    district: '',
    domain: '',
    ruleId: '',
    startsAt: toLocalInput(now, timeZone),
    endsAt: toLocalInput(now + 2 * HOUR, timeZone),
    reason: '',
  };
}

/** The create-silence form: matchers (asset, district, domain, rule), the window, the reason. */
export function CreateSilenceForm({ role }: { role: Role }) {
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const create = useCreateSilence();
  const [empty] = useState(() => emptyDraft(Date.now(), timeZone));
  const { draft, set, shown, submit } = useCreateForm({
    empty,
    validate: (d: NewSilenceDraft) => validateNewSilence(d, { t, role, now: Date.now(), timeZone }),
    mutation: create,
    onCreated: () => undefined,
  });

  return (
    <AdminForm
      title={t('admin.silences.create')}
      submitLabel={t('admin.silences.createSubmit')}
      testIdPrefix="silence-create"
      mutation={create}
      onSubmit={submit}
    >
      <p className="admin-hint">
        {t('admin.silences.matchersHint')}
        {role === 'operator'
          ? `；${t('admin.silences.operatorHint', { hours: MAX_OPERATOR_SILENCE_HOURS })}`
          : null}
      </p>
      <div className="admin-form__row">
        <FormField label={t('admin.silences.district')}>
          <select
            className="field__input"
            value={draft.district}
            onChange={(event) =>
              set({ district: event.target.value as NewSilenceDraft['district'] })
            }
            data-testid="silence-create-district"
          >
            <option value="">{t('admin.silences.any')}</option>
            <DistrictOptions />
          </select>
        </FormField>
        <FormField label={t('admin.silences.domain')}>
          <select
            className="field__input"
            value={draft.domain}
            onChange={(event) => set({ domain: event.target.value as NewSilenceDraft['domain'] })}
            data-testid="silence-create-domain"
          >
            <option value="">{t('admin.silences.any')}</option>
            {DOMAINS.map((domain) => (
              <option key={domain} value={domain}>
                {t(`domain.${domain}`)}
              </option>
            ))}
          </select>
        </FormField>
        <LabelledInput
          label={t('admin.silences.assetId')}
          error={shown.assetId}
          autoComplete="off"
          value={draft.assetId}
          onChange={(event) => set({ assetId: event.target.value })}
          aria-invalid={Boolean(shown.assetId)}
          data-testid="silence-create-asset"
        />
        <LabelledInput
          label={t('admin.silences.ruleId')}
          error={shown.ruleId}
          autoComplete="off"
          value={draft.ruleId}
          onChange={(event) => set({ ruleId: event.target.value })}
          aria-invalid={Boolean(shown.ruleId)}
          data-testid="silence-create-rule"
        />
      </div>
      {shown.matchers ? (
        <p className="admin-field-error" data-testid="silence-create-matchers-error">
          {shown.matchers}
        </p>
      ) : null}
      <div className="admin-form__row">
        <LabelledInput
          label={t('admin.silences.startsAt')}
          error={shown.startsAt}
          type="datetime-local"
          value={draft.startsAt}
          onChange={(event) => set({ startsAt: event.target.value })}
          aria-invalid={Boolean(shown.startsAt)}
          data-testid="silence-create-starts"
        />
        <LabelledInput
          label={t('admin.silences.endsAt')}
          error={shown.endsAt}
          type="datetime-local"
          value={draft.endsAt}
          onChange={(event) => set({ endsAt: event.target.value })}
          aria-invalid={Boolean(shown.endsAt)}
          data-testid="silence-create-ends"
        />
        <LabelledInput
          label={t('admin.silences.reason')}
          error={shown.reason}
          autoComplete="off"
          maxLength={500}
          placeholder={t('admin.silences.reasonPlaceholder')}
          value={draft.reason}
          onChange={(event) => set({ reason: event.target.value })}
          aria-invalid={Boolean(shown.reason)}
          data-testid="silence-create-reason"
        />
      </div>
    </AdminForm>
  );
}
