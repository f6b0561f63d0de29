import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import type { Page } from '../modules/auth/canUse';
import { HistoryLoading } from '../modules/history/HistoryLoading';
import { ConsolePage } from '../pages/console/ConsolePage';
import { LoginPage } from '../pages/login/LoginPage';
import { PasswordPage } from '../pages/password/PasswordPage';
import { WallPage } from '../pages/wall/WallPage';
import { HomeRedirect } from './HomeRedirect';
import { RequireAuth } from './RequireAuth';
import { SignedInLayout } from './SignedInLayout';

// The history pages (and ECharts with them) load on first visit, keeping the wall and desk bundle lean.
const HistoryPage = lazy(() =>
  import('../pages/history/HistoryPage').then((module) => ({ default: module.HistoryPage })),
);
const HandoverPage = lazy(() =>
  import('../pages/history/HandoverPage').then((module) => ({ default: module.HandoverPage })),
);
// The admin pages likewise: only the roles that open them ever load them.
const UsersPage = lazy(() =>
  import('../pages/admin/UsersPage').then((module) => ({ default: module.UsersPage })),
);
const TokensPage = lazy(() =>
  import('../pages/admin/TokensPage').then((module) => ({ default: module.TokensPage })),
);

const SilencesPage = lazy(() =>
  import('../pages/admin/SilencesPage').then((module) => ({ default: module.SilencesPage })),
);
const QuarantinePage = lazy(() =>
  import('../pages/admin/QuarantinePage').then((module) => ({ default: module.QuarantinePage })),
);
const AssetImportPage = lazy(() =>
  import('../pages/admin/AssetImportPage').then((module) => ({ default: module.AssetImportPage })),
);
const RulesPage = lazy(() =>
  import('../pages/admin/RulesPage').then((module) => ({ default: module.RulesPage })),
);
const OncallPage = lazy(() =>
  import('../pages/admin/OncallPage').then((module) => ({ default: module.OncallPage })),
);

/** A lazily loaded page behind its role guard. */
function lazyPage(page: Page, element: ReactNode) {
  return (
    <RequireAuth page={page}>
      <Suspense fallback={<HistoryLoading />}>{element}</Suspense>
    </RequireAuth>
  );
}

/**
 * Routes: /login, /password (outside the live layout: a user who must change their password has no
 * live connection), and behind the layout /wall, /console, /history and /admin/* by role; anything
 * else goes home.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/password',
    element: (
      <RequireAuth page="password">
        <PasswordPage />
      </RequireAuth>
    ),
  },
  {
    element: <SignedInLayout />,
    children: [
      {
        path: '/wall',
        element: (
          <RequireAuth page="wall">
            <WallPage />
          </RequireAuth>
        ),
      },
      {
        path: '/console',
        element: (
          <RequireAuth page="console">
            <ConsolePage />
          </RequireAuth>
        ),
      },
      { path: '/history', element: lazyPage('history', <HistoryPage />) },
      { path: '/history/handover', element: lazyPage('history', <HandoverPage />) },
      { path: '/admin/users', element: lazyPage('admin', <UsersPage />) },
      { path: '/admin/tokens', element: lazyPage('admin', <TokensPage />) },
      { path: '/admin/silences', element: lazyPage('silences', <SilencesPage />) },
      { path: '/admin/quarantine', element: lazyPage('quarantine', <QuarantinePage />) },
      { path: '/admin/assets', element: lazyPage('assets', <AssetImportPage />) },
      { path: '/admin/rules', element: lazyPage('rules', <RulesPage />) },
      { path: '/admin/oncall', element: lazyPage('oncall', <OncallPage />) },
    ],
  },
  { path: '*', element: <HomeRedirect /> },
]);
