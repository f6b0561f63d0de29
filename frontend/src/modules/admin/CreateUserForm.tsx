import { ROLES, type Role, type UserAccountResponse } from '@cityops/contracts';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/useI18n';
import { errorMessage } from '../ui/errorMessage';
import { DistrictPicker } from './DistrictPicker';
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
  const [draft, setDraft] = useState(EMPTY);
  const [checked, setChecked] = useState(false);
  const { errors, request } = validateNewUser(draft, t);
  const shown = checked ? errors : {};
  const set = (patch: Partial<NewUserDraft>) => setDraft((previous) => ({ ...previous, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!request) return;
    create.mutate(request, {
      onSuccess: (answer) => {
        setDraft(EMPTY);
        setChecked(false);
        onCreated(answer);
      },
    });
  };

  return (
    <form
      className="history-panel admin-form"
      onSubmit={submit}
      noValidate
      data-testid="user-create-form"
    >
      <h2 className="history-panel__title">{t('admin.users.create')}</h2>
      <div className="admin-form__row">
        <label className="field">
          <span className="field__label">{t('admin.users.username')}</span>
          <input
            className="field__input"
            autoComplete="off"
            value={draft.username}
            onChange={(event) => set({ username: event.target.value })}
            aria-invalid={Boolean(shown.username)}
            data-testid="user-create-username"
          />
          {shown.username ? <span className="admin-field-error">{shown.username}</span> : null}
        </label>
        <label className="field">
          <span className="field__label">{t('admin.users.role')}</span>
          <select
            className="field__input"
            value={draft.role}
            onChange={(event) => set({ role: event.target.value as Role })}
            data-testid="user-create-role"
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('admin.users.password')}</span>
          <input
            className="field__input"
            type="password"
            autoComplete="new-password"
            placeholder={t('admin.users.passwordHint')}
            value={draft.password}
            onChange={(event) => set({ password: event.target.value })}
            aria-invalid={Boolean(shown.password)}
            data-testid="user-create-password"
          />
          {shown.password ? <span className="admin-field-error">{shown.password}</span> : null}
        </label>
      </div>
      <DistrictPicker
        selected={draft.districts}
        onChange={(districts) => set({ districts })}
        testIdPrefix="user-create-district"
      />
      {create.isError ? (
        <p className="form-error" role="alert" data-testid="user-create-error">
          {errorMessage(create.error, t)}
        </p>
      ) : null}
      <div>
        <button
          type="submit"
          className="button button--primary"
          disabled={create.isPending}
          data-testid="user-create-submit"
        >
          {create.isPending ? t('admin.saving') : t('admin.users.createSubmit')}
        </button>
      </div>
    </form>
  );
}
