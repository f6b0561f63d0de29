import { Link, useNavigate } from 'react-router';
import { AuthShell } from '../../modules/auth/AuthShell';
import { PasswordForm } from '../../modules/auth/PasswordForm';
import { homePathFor } from '../../modules/auth/homePathFor';
import { session } from '../../modules/auth/session';
import { useLogout } from '../../modules/auth/useLogout';
import { useSession } from '../../modules/auth/useSession';
import { useI18n } from '../../modules/i18n/useI18n';
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
    <AuthShell testId="password-page">
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
    </AuthShell>
  );
}
