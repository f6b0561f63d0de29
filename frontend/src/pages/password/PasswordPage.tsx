import { Link, useNavigate } from 'react-router';
import { PasswordForm } from '../../modules/auth/PasswordForm';
import { homePathFor } from '../../modules/auth/homePathFor';
import { session } from '../../modules/auth/session';
import { useLogout } from '../../modules/auth/useLogout';
import { useSession } from '../../modules/auth/useSession';
import { LocaleSwitch } from '../../modules/i18n/LocaleSwitch';
import { useI18n } from '../../modules/i18n/useI18n';
import { CityOutline } from '../../modules/map/CityOutline';
import { BrandMark } from '../../modules/ui/BrandMark';
import '../login/login.css';
import './password.css';

/**
 * /password: the first sign-in's (or a reset's) required change, and a voluntary change from the
 * navigation. Looks like the login page. Then the user's home page.
 */
export function PasswordPage() {
  const { t } = useI18n();
  const current = useSession();
  const navigate = useNavigate();
  const logout = useLogout();
  if (!current) return null; // RequireAuth redirects
  const { username, role, mustChangePassword = false } = current.user;

  const done = () => {
    const user = session.get()?.user;
    void navigate(homePathFor(user?.role ?? role, user?.mustChangePassword), { replace: true });
  };

  return (
    <div className="login" data-theme="dark" data-testid="password-page">
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
        <PasswordForm username={username} firstChange={mustChangePassword} onDone={done}>
          <div className="password-form__actions">
            {mustChangePassword ? null : (
              <Link className="ghost-button" to={homePathFor(role)} data-testid="password-back">
                {t('password.back')}
              </Link>
            )}
            <button
              type="button"
              className="ghost-button"
              data-testid="logout"
              onClick={() => void logout()}
            >
              {t('password.logout')}
            </button>
          </div>
        </PasswordForm>
      </main>
    </div>
  );
}
