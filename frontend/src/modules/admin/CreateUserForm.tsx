import { ROLES, type UserAccountResponse } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { ChoiceSelect } from '../ui/ChoiceSelect';
import { FormField } from '../ui/FormField';
import { LabelledInput } from '../ui/LabelledInput';
import { AdminForm } from './AdminForm';
import { DistrictPicker } from './DistrictPicker';
import { useCreateForm } from './useCreateForm';
import { useCreateUser } from './useCreateUser';
import { validateNewUser, type NewUserDraft } from './validateNewUser';

const EMPTY: NewUserDraft = { username: '', role: 'operator', districts: [], password: '' };

/** The create-user form: username, role, optional districts and password. */
export function CreateUserForm({
  onCreated,
}: {
  onCreated: (answer: UserAccountResponse) => void;
}) {
  const { t } = useI18n();
  const create = useCreateUser();
  const { draft, set, shown, submit } = useCreateForm({
    empty: EMPTY,
    validate: (d: NewUserDraft) => validateNewUser(d, t),
    mutation: create,
    onCreated,
  });

  return (
    <AdminForm
      title={t('admin.users.create')}
      submitLabel={t('admin.users.createSubmit')}
      testIdPrefix="user-create"
      mutation={create}
      onSubmit={submit}
    >
      <div className="admin-form__row">
        <LabelledInput
          label={t('admin.users.username')}
          error={shown.username}
          autoComplete="off"
          value={draft.username}
          onChange={(event) => set({ username: event.target.value })}
          aria-invalid={Boolean(shown.username)}
          data-testid="user-create-username"
        />
        <FormField label={t('admin.users.role')}>
          <ChoiceSelect
            values={ROLES}
            value={draft.role}
            text={(role) => t(`role.${role}`)}
            onChange={(role) => set({ role })}
            testId="user-create-role"
          />
        </FormField>
        <LabelledInput
          label={t('admin.users.password')}
          error={shown.password}
          type="password"
          autoComplete="new-password"
          placeholder={t('admin.users.passwordHint')}
          value={draft.password}
          onChange={(event) => set({ password: event.target.value })}
          aria-invalid={Boolean(shown.password)}
          data-testid="user-create-password"
        />
      </div>
      <DistrictPicker
        selected={draft.districts}
        onChange={(districts) => set({ districts })}
        testIdPrefix="user-create-district"
      />
    </AdminForm>
  );
}
