import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';
import { LabelledInput } from '../ui/LabelledInput';
import { SubmitButton } from '../ui/SubmitButton';
import { AuthFormError } from './AuthFormError';
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

  return (
    <form className="login__card" onSubmit={submit} noValidate data-testid="password-form">
      <h2 className="login__heading">{t('password.heading')}</h2>
      <p className="password-form__hint">
        {firstChange ? t('password.firstHint') : t('password.voluntaryHint', { username })}
      </p>
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <LabelledInput
        label={t('password.current')}
        type="password"
        autoComplete="current-password"
        autoFocus
        data-testid="password-current"
        {...field('current')}
      />
      <LabelledInput
        label={t('password.new')}
        type="password"
        autoComplete="new-password"
        data-testid="password-new"
        {...field('next')}
      />
      <LabelledInput
        label={t('password.confirm')}
        type="password"
        autoComplete="new-password"
        data-testid="password-confirm"
        {...field('confirmation')}
      />
      <PasswordChecklist feedback={feedback} typed={fields.next !== ''} />
      <AuthFormError
        testId="password-error"
        missing={missing}
        missingText={t('password.required')}
        error={change.isError ? change.error : null}
      />
      <SubmitButton
        block
        pending={change.isPending}
        pendingLabel={t('password.submitting')}
        testId="password-submit"
      >
        {t('password.submit')}
      </SubmitButton>
      {children}
    </form>
  );
}
