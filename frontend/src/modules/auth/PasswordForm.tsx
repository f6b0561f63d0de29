import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/ApiError';
import { useI18n } from '../i18n/useI18n';
import { errorMessage } from '../ui/errorMessage';
import { PasswordChecklist } from './PasswordChecklist';
import { passwordFeedback, type PasswordFields } from './passwordFeedback';
import { useChangePassword } from './useChangePassword';

const EMPTY: PasswordFields = { current: '', next: '', confirmation: '' };

/**
 * Current password, new password and its confirmation, with live feedback from the shared policy;
 * sends POST /api/auth/password and stores the fresh session it answers.
 */
export function PasswordForm({
  username,
  firstChange,
  onDone,
  children,
}: {
  username: string;
  /** The password must change before anything else (generated or reset). */
  firstChange: boolean;
  onDone: () => void;
  /** Extra actions under the submit button (back, logout). */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const change = useChangePassword();
  const [fields, setFields] = useState(EMPTY);
  const [missing, setMissing] = useState(false);
  const feedback = passwordFeedback(fields, username, t);

  const field = (name: keyof PasswordFields) => ({
    value: fields[name],
    onChange: (event: { target: { value: string } }) =>
      setFields((previous) => ({ ...previous, [name]: event.target.value })),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!feedback.complete);
    if (!feedback.acceptable) return;
    change.mutate(
      { currentPassword: fields.current, newPassword: fields.next },
      { onSuccess: onDone },
    );
  };

  const error = missing
    ? t('password.required')
    : change.isError
      ? errorMessage(change.error, t)
      : null;

  return (
    <form className="login__card" onSubmit={submit} noValidate data-testid="password-form">
      <h2 className="login__heading">{t('password.heading')}</h2>
      <p className="password-form__hint">
        {firstChange ? t('password.firstHint') : t('password.voluntaryHint', { username })}
      </p>
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <label className="field">
        <span className="field__label">{t('password.current')}</span>
        <input
          className="field__input"
          type="password"
          autoComplete="current-password"
          autoFocus
          data-testid="password-current"
          {...field('current')}
        />
      </label>
      <label className="field">
        <span className="field__label">{t('password.new')}</span>
        <input
          className="field__input"
          type="password"
          autoComplete="new-password"
          data-testid="password-new"
          {...field('next')}
        />
      </label>
      <label className="field">
        <span className="field__label">{t('password.confirm')}</span>
        <input
          className="field__input"
          type="password"
          autoComplete="new-password"
          data-testid="password-confirm"
          {...field('confirmation')}
        />
      </label>
      <PasswordChecklist feedback={feedback} typed={fields.next !== ''} />
      {error ? (
        <p
          className="form-error"
          role="alert"
          data-testid="password-error"
          data-kind={
            missing ? 'missing' : change.error instanceof ApiError ? change.error.kind : 'unknown'
          }
        >
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        className="button button--primary button--block"
        disabled={change.isPending}
        data-testid="password-submit"
      >
        {change.isPending ? t('password.submitting') : t('password.submit')}
      </button>
      {children}
    </form>
  );
}
