import { TOKEN_KINDS, type CreatedToken } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { ChoiceSelect } from '../ui/ChoiceSelect';
import { FormField } from '../ui/FormField';
import { LabelledInput } from '../ui/LabelledInput';
import { AdminForm } from './AdminForm';
import { DistrictPicker } from './DistrictPicker';
import { ScopePicker } from './ScopePicker';
import { useCreateForm } from './useCreateForm';
import { useCreateToken } from './useCreateToken';
import { validateNewToken, type NewTokenDraft } from './validateNewToken';

const EMPTY: NewTokenDraft = {
  kind: 'display',
  name: '',
  role: 'operator',
  scopes: [],
  districts: [],
  expiresInDays: '',
};

const API_TOKEN_ROLES = ['operator', 'supervisor'] as const;

/** The create-token form: kind, name, for API tokens role and scopes, districts, expiry. */
export function CreateTokenForm({ onCreated }: { onCreated: (answer: CreatedToken) => void }) {
  const { t } = useI18n();
  const create = useCreateToken();
  const { draft, set, shown, submit } = useCreateForm({
    empty: EMPTY,
    validate: (d: NewTokenDraft) => validateNewToken(d, t),
    mutation: create,
    onCreated,
  });

  return (
    <AdminForm
      title={t('admin.tokens.create')}
      submitLabel={t('admin.tokens.createSubmit')}
      testIdPrefix="token-create"
      mutation={create}
      onSubmit={submit}
    >
      <div className="admin-form__row">
        <FormField label={t('admin.tokens.kind')}>
          <ChoiceSelect
            values={TOKEN_KINDS}
            value={draft.kind}
            text={(kind) => t(`tokenKind.${kind}`)}
            onChange={(kind) => set({ kind })}
            testId="token-create-kind"
          />
        </FormField>
        <LabelledInput
          label={t('admin.tokens.name')}
          error={shown.name}
          autoComplete="off"
          placeholder={t('admin.tokens.namePlaceholder')}
          value={draft.name}
          onChange={(event) => set({ name: event.target.value })}
          aria-invalid={Boolean(shown.name)}
          data-testid="token-create-name"
        />
        {draft.kind === 'api' ? (
          <FormField label={t('admin.tokens.role')}>
            <ChoiceSelect
              values={API_TOKEN_ROLES}
              value={draft.role}
              text={(role) => t(`role.${role}`)}
              onChange={(role) => set({ role })}
              testId="token-create-role"
            />
          </FormField>
        ) : null}
        <LabelledInput
          label={t('admin.tokens.expiresInDays')}
          error={shown.expiresInDays}
          inputMode="numeric"
          placeholder={t('admin.tokens.expiresHint')}
          value={draft.expiresInDays}
          onChange={(event) => set({ expiresInDays: event.target.value })}
          aria-invalid={Boolean(shown.expiresInDays)}
          data-testid="token-create-expires"
        />
      </div>
      {draft.kind === 'display' ? (
        <p className="admin-hint">{t('admin.tokens.displayHint')}</p>
      ) : (
        <ScopePicker
          selected={draft.scopes}
          onChange={(scopes) => set({ scopes })}
          error={shown.scopes}
        />
      )}
      <DistrictPicker
        selected={draft.districts}
        onChange={(districts) => set({ districts })}
        testIdPrefix="token-create-district"
      />
    </AdminForm>
  );
}
