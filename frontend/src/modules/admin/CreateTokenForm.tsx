import { TOKEN_KINDS, type CreatedToken, type TokenKind } from '@cityops/contracts';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/useI18n';
import { errorMessage } from '../ui/errorMessage';
import { DistrictPicker } from './DistrictPicker';
import { ScopePicker } from './ScopePicker';
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

/** The create-token form: kind, name, for API tokens role and scopes, districts, expiry. */
export function CreateTokenForm({ onCreated }: { onCreated: (answer: CreatedToken) => void }) {
  const { t } = useI18n();
  const create = useCreateToken();
  const [draft, setDraft] = useState(EMPTY);
  const [checked, setChecked] = useState(false);
  const { errors, request } = validateNewToken(draft, t);
  const shown = checked ? errors : {};
  const set = (patch: Partial<NewTokenDraft>) =>
    setDraft((previous) => ({ ...previous, ...patch }));

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
      data-testid="token-create-form"
    >
      <h2 className="history-panel__title">{t('admin.tokens.create')}</h2>
      <div className="admin-form__row">
        <label className="field">
          <span className="field__label">{t('admin.tokens.kind')}</span>
          <select
            className="field__input"
            value={draft.kind}
            onChange={(event) => set({ kind: event.target.value as TokenKind })}
            data-testid="token-create-kind"
          >
            {TOKEN_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`tokenKind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('admin.tokens.name')}</span>
          <input
            className="field__input"
            autoComplete="off"
            placeholder={t('admin.tokens.namePlaceholder')}
            value={draft.name}
            onChange={(event) => set({ name: event.target.value })}
            aria-invalid={Boolean(shown.name)}
            data-testid="token-create-name"
          />
          {shown.name ? <span className="admin-field-error">{shown.name}</span> : null}
        </label>
        {draft.kind === 'api' ? (
          <label className="field">
            <span className="field__label">{t('admin.tokens.role')}</span>
            <select
              className="field__input"
              value={draft.role}
              onChange={(event) => set({ role: event.target.value as NewTokenDraft['role'] })}
              data-testid="token-create-role"
            >
              <option value="operator">{t('role.operator')}</option>
              <option value="supervisor">{t('role.supervisor')}</option>
            </select>
          </label>
        ) : null}
        <label className="field">
          <span className="field__label">{t('admin.tokens.expiresInDays')}</span>
          <input
            className="field__input"
            inputMode="numeric"
            placeholder={t('admin.tokens.expiresHint')}
            value={draft.expiresInDays}
            onChange={(event) => set({ expiresInDays: event.target.value })}
            aria-invalid={Boolean(shown.expiresInDays)}
            data-testid="token-create-expires"
          />
          {shown.expiresInDays ? (
            <span className="admin-field-error">{shown.expiresInDays}</span>
          ) : null}
        </label>
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
      {create.isError ? (
        <p className="form-error" role="alert" data-testid="token-create-error">
          {errorMessage(create.error, t)}
        </p>
      ) : null}
      <div>
        <button
          type="submit"
          className="button button--primary"
          disabled={create.isPending}
          data-testid="token-create-submit"
        >
          {create.isPending ? t('admin.saving') : t('admin.tokens.createSubmit')}
        </button>
      </div>
    </form>
  );
}
