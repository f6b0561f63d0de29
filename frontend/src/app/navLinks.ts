import type { Role } from '@cityops/contracts';
import { canUse, type Page } from '../modules/auth/canUse';
import type { MessageKey } from '../modules/i18n/MessageKey';

export interface NavLink {
  page: Page;
  to: string;
  label: MessageKey;
  testId: string;
}

const MAIN: readonly NavLink[] = [
  { page: 'console', to: '/console', label: 'nav.console', testId: 'nav-console' },
  { page: 'history', to: '/history', label: 'nav.history', testId: 'nav-history' },
  { page: 'wall', to: '/wall', label: 'nav.wall', testId: 'nav-wall' },
];

const ADMIN: readonly NavLink[] = [
  { page: 'silences', to: '/admin/silences', label: 'nav.silences', testId: 'nav-silences' },
  {
    page: 'quarantine',
    to: '/admin/quarantine',
    label: 'nav.quarantine',
    testId: 'nav-quarantine',
  },
  { page: 'assets', to: '/admin/assets', label: 'nav.assets', testId: 'nav-assets' },
  { page: 'rules', to: '/admin/rules', label: 'nav.rules', testId: 'nav-rules' },
  { page: 'oncall', to: '/admin/oncall', label: 'nav.oncall', testId: 'nav-oncall' },
  { page: 'admin', to: '/admin/users', label: 'nav.users', testId: 'nav-users' },
  { page: 'admin', to: '/admin/tokens', label: 'nav.tokens', testId: 'nav-tokens' },
];

/**
 * The navigation of a role: the pages it may open, and the admin section (silences and the
 * quarantine for people; asset import, users and tokens for admins, and for them the queue board,
 * a backend page opened in a new tab). A display account gets none: it only drives the wall.
 */
export function navLinks(role: Role): { main: NavLink[]; admin: NavLink[]; queuesBoard: boolean } {
  const main = MAIN.filter((link) => canUse(role, link.page));
  const admin = ADMIN.filter((link) => canUse(role, link.page));
  if (main.length + admin.length <= 1) return { main: [], admin: [], queuesBoard: false };
  return { main, admin, queuesBoard: canUse(role, 'admin') };
}
