import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { canUse } from '../modules/auth/canUse';
import { useLogout } from '../modules/auth/useLogout';
import { useSession } from '../modules/auth/useSession';
import { LocaleSwitch } from '../modules/i18n/LocaleSwitch';
import { useI18n } from '../modules/i18n/useI18n';
import { navLinks, type NavLink as NavEntry } from './navLinks';
import { QueuesBoardLink } from './QueuesBoardLink';

/**
 * The pages this role may open (no links for a display account, which only drives the wall), then
 * its admin section (see `navLinks`; for admins ending with the queue board's link), who is signed in with the password change, language, logout.
 */
export function AppNav() {
  const { t } = useI18n();
  const current = useSession();
  const logout = useLogout();
  if (!current) return null;
  const { role, username } = current.user;
  const { main, admin, queuesBoard } = navLinks(role);
  const list = (links: NavEntry[], className: string, label?: string, extra?: ReactNode) => (
    <ul className={className} aria-label={label}>
      {links.map((link) => (
        <li key={link.to}>
          <NavLink to={link.to} className="app-nav__link" data-testid={link.testId}>
            {t(link.label)}
          </NavLink>
        </li>
      ))}
      {extra}
    </ul>
  );

  return (
    <nav className="app-nav" aria-label="main">
      {main.length ? list(main, 'app-nav__links') : null}
      {admin.length
        ? list(
            admin,
            'app-nav__links app-nav__links--admin',
            t('nav.adminSection'),
            queuesBoard ? (
              <li>
                <QueuesBoardLink />
              </li>
            ) : null,
          )
        : null}
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
