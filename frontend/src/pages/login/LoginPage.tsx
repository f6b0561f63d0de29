import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { AuthFormError } from '../../modules/auth/AuthFormError';
import { AuthShell } from '../../modules/auth/AuthShell';
import { homePathFor } from '../../modules/auth/homePathFor';
import { useLogin } from '../../modules/auth/useLogin';
import { useSession } from '../../modules/auth/useSession';
import { useI18n } from '../../modules/i18n/useI18n';
import { LabelledInput } from '../../modules/ui/LabelledInput';
import { SubmitButton } from '../../modules/ui/SubmitButton';
import './login.css';

/** /login: username and password; then the page the user came for, or the role's home. */
export function LoginPage() {
  const { t } = useI18n();
  const current = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  // Already signed in (not by this form, which navigates itself): go home.
  if (current && login.isIdle)
    return (
      <Navigate to={homePathFor(current.user.role, current.user.mustChangePassword)} replace />
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    login.mutate(
      { username: username.trim(), password },
      {
        onSuccess: ({ user }) =>
          navigate(
            // A generated password is changed first; the router would send them there anyway.
            from && from !== '/login' && !user.mustChangePassword
              ? from
              : homePathFor(user.role, user.mustChangePassword),
            { replace: true },
          ),
      },
    );
  };

  return (
    <AuthShell>
      <form className="login__card" onSubmit={submit} noValidate data-testid="login-form">
        <h2 className="login__heading">{t('login.heading')}</h2>
        <LabelledInput
          label={t('login.username')}
          name="username"
          autoComplete="username"
          autoFocus
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          data-testid="login-username"
        />
        <LabelledInput
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          data-testid="login-password"
        />
        <AuthFormError
          testId="login-error"
          missing={missing}
          missingText={t('login.required')}
          error={login.isError ? login.error : null}
          context="login"
        />
        <SubmitButton
          block
          pending={login.isPending}
          pendingLabel={t('login.submitting')}
          testId="login-submit"
        >
          {t('login.submit')}
        </SubmitButton>
        <p className="login__footer">{t('login.footer')}</p>
      </form>
    </AuthShell>
  );
}
