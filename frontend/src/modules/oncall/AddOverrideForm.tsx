import type { OncallMember, OncallSchedule } from '@cityops/contracts';
import { useState } from 'react';
import { AdminForm } from '../admin/AdminForm';
import { toLocalInput } from '../admin/toLocalInput';
import { useCreateForm } from '../admin/useCreateForm';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { FormField } from '../ui/FormField';
import { LabelledInput } from '../ui/LabelledInput';
import { useAddOverride } from './useOverrideMutations';
import { validateNewOverride, type NewOverrideDraft } from './validateNewOverride';

const HOUR = 3_600_000;

/** A fresh draft: from the next full hour for an hour, in the display zone. */
export function emptyOverrideDraft(now: number, timeZone: string): NewOverrideDraft {
  const start = Math.ceil(now / HOUR) * HOUR;
  return {
    memberId: '',
    from: toLocalInput(start, timeZone),
    to: toLocalInput(start + HOUR, timeZone),
    reason: '',
  };
}

/** Add an override to a schedule: member, from, to (local time), reason. */
export function AddOverrideForm({
  schedule,
  members,
}: {
  schedule: OncallSchedule;
  members: readonly OncallMember[];
}) {
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const add = useAddOverride(schedule.id);
  const [empty] = useState(() => emptyOverrideDraft(Date.now(), timeZone));
  const { draft, set, shown, submit } = useCreateForm({
    empty,
    validate: (d: NewOverrideDraft) =>
      validateNewOverride(d, {
        t,
        timeZone,
        memberIds: members.map((m) => m.id),
        existing: schedule.overrides,
      }),
    mutation: add,
    onCreated: () => undefined,
  });

  return (
    <AdminForm
      title={t('admin.oncall.addOverride')}
      submitLabel={t('admin.oncall.addOverrideSubmit')}
      testIdPrefix="override-create"
      mutation={add}
      onSubmit={submit}
    >
      <div className="admin-form__row">
        <FormField label={t('admin.oncall.member')} error={shown.memberId}>
          <select
            className="field__input"
            value={draft.memberId}
            onChange={(event) => set({ memberId: event.target.value })}
            aria-invalid={Boolean(shown.memberId)}
            data-testid="override-create-member"
          >
            <option value="">{t('admin.oncall.chooseMember')}</option>
            {members.map((member) => (
              <option key={member.id} value={member.id}>
                {member.displayName}
              </option>
            ))}
          </select>
        </FormField>
        <LabelledInput
          label={t('admin.oncall.from')}
          error={shown.from}
          type="datetime-local"
          value={draft.from}
          onChange={(event) => set({ from: event.target.value })}
          aria-invalid={Boolean(shown.from)}
          data-testid="override-create-from"
        />
        <LabelledInput
          label={t('admin.oncall.to')}
          error={shown.to}
          type="datetime-local"
          value={draft.to}
          onChange={(event) => set({ to: event.target.value })}
          aria-invalid={Boolean(shown.to)}
          data-testid="override-create-to"
        />
        <LabelledInput
          label={t('admin.oncall.reason')}
          error={shown.reason}
          autoComplete="off"
          maxLength={500}
          placeholder={t('admin.oncall.reasonPlaceholder')}
          value={draft.reason}
          onChange={(event) => set({ reason: event.target.value })}
          aria-invalid={Boolean(shown.reason)}
          data-testid="override-create-reason"
        />
      </div>
    </AdminForm>
  );
}
