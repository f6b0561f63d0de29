import { Link, NavLink } from 'react-router';
import { canUse } from '../modules/auth/canUse';
import { useLogout } from '../modules/auth/useLogout';
import { useSession } from '../modules/auth/useSession';
import { LocaleSwitch } from '../modules/i18n/LocaleSwitch';
import { useI18n } from '../modules/i18n/useI18n';

const PAGES = [
  { page: 'console', to: '/console', label: 'nav.console' },
  { page: 'history', to: '/history', label: 'nav.history' },
  { page: 'wall', to: '/wall', label: 'nav.wall' },
  { page: 'admin', to: '/admin/users', label: 'nav.users', testId: 'nav-users' },
  { page: 'admin', to: '/admin/tokens', label: 'nav.tokens', testId: 'nav-tokens' },
] as const;

/**
 * The pages this role may open (no links for a display account, which only drives the wall; the
 * admin pages for admins), who is signed in with the password change, language, logout.
 */
export function AppNav() {
  const { t } = useI18n();
  const current = useSession();
  const logout = useLogout();
  if (!current) return null;
  const { role, username } = current.user;
  const links = PAGES.filter((p) => canUse(role, p.page));

  return (
    <nav className="app-nav" aria-label="main">
      {links.length > 1 ? (
        <ul className="app-nav__links">
          {links.map((link) => (
            <li key={link.to}>
              <NavLink
                to={link.to}
                className="app-nav__link"
                data-testid={'testId' in link ? link.testId : `nav-${link.page}`}
              >
                {t(link.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      ) : null}
      <span
        className="app-nav__user"
        title={t('nav.signedInAs', { username, role: t(`role.${role}`) })}
      >
        <span className="app-nav__avatar" aria-hidden="true">
          {username.slice(0, 1).toUpperCase()}
        </span>
        <span className="app-nav__username">{username}</span>
        <span className="app-nav__role">{t(`role.${role}`)}</span>
      </span>
      {canUse(role, 'password') ? (
        <Link to="/password" className="app-nav__button" data-testid="nav-password">
          {t('nav.password')}
        </Link>
      ) : null}
      <LocaleSwitch className="app-nav__button" />
      <button
        type="button"
        className="app-nav__button"
        data-testid="logout"
        onClick={() => void logout()}
      >
        {t('nav.logout')}
      </button>
    </nav>
  );
}
