import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../modules/api/ApiError';
import { homePathFor } from '../../modules/auth/homePathFor';
import { useLogin } from '../../modules/auth/useLogin';
import { useSession } from '../../modules/auth/useSession';
import { LocaleSwitch } from '../../modules/i18n/LocaleSwitch';
import { useI18n } from '../../modules/i18n/useI18n';
import { CityOutline } from '../../modules/map/CityOutline';
import { BrandMark } from '../../modules/ui/BrandMark';
import { errorMessage } from '../../modules/ui/errorMessage';
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

  const error = missing
    ? t('login.required')
    : login.isError
      ? errorMessage(login.error, t, 'login')
      : null;

  return (
    <div className="login" data-theme="dark">
      <div className="login__backdrop" aria-hidden="true">
        <CityOutline className="login__outline" width={520} height={640} />
      </div>
      <div className="login__locale">
        <LocaleSwitch className="ghost-button" />
      </div>
      <main className="login__layout">
        <section className="login__hero">
          <div className="login__brand">
            <BrandMark size={56} />
            <div>
              <p className="login__city">{t('app.city')}</p>
              <h1 className="login__title">{t('app.title')}</h1>
            </div>
          </div>
          <p className="login__tagline">{t('login.tagline')}</p>
        </section>
        <form className="login__card" onSubmit={submit} noValidate data-testid="login-form">
          <h2 className="login__heading">{t('login.heading')}</h2>
          <label className="field">
            <span className="field__label">{t('login.username')}</span>
            <input
              className="field__input"
              name="username"
              autoComplete="username"
              autoFocus
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              data-testid="login-username"
            />
          </label>
          <label className="field">
            <span className="field__label">{t('login.password')}</span>
            <input
              className="field__input"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              data-testid="login-password"
            />
          </label>
          {error ? (
            <p
              className="form-error"
              role="alert"
              data-testid="login-error"
              data-kind={
                missing ? 'missing' : login.error instanceof ApiError ? login.error.kind : 'unknown'
              }
            >
              {error}
            </p>
          ) : null}
          <button
            type="submit"
            className="button button--primary button--block"
            disabled={login.isPending}
            data-testid="login-submit"
          >
            {login.isPending ? t('login.submitting') : t('login.submit')}
          </button>
          <p className="login__footer">{t('login.footer')}</p>
        </form>
      </main>
    </div>
  );
}
