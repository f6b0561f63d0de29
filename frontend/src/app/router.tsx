import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
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
// The admin pages likewise: only admins ever load them.
const UsersPage = lazy(() =>
  import('../pages/admin/UsersPage').then((module) => ({ default: module.UsersPage })),
);
const TokensPage = lazy(() =>
  import('../pages/admin/TokensPage').then((module) => ({ default: module.TokensPage })),
);

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
      {
        path: '/history',
        element: (
          <RequireAuth page="history">
            <Suspense fallback={<HistoryLoading />}>
              <HistoryPage />
            </Suspense>
          </RequireAuth>
        ),
      },
      {
        path: '/history/handover',
        element: (
          <RequireAuth page="history">
            <Suspense fallback={<HistoryLoading />}>
              <HandoverPage />
            </Suspense>
          </RequireAuth>
        ),
      },
      {
        path: '/admin/users',
        element: (
          <RequireAuth page="admin">
            <Suspense fallback={<HistoryLoading />}>
              <UsersPage />
            </Suspense>
          </RequireAuth>
        ),
      },
      {
        path: '/admin/tokens',
        element: (
          <RequireAuth page="admin">
            <Suspense fallback={<HistoryLoading />}>
              <TokensPage />
            </Suspense>
          </RequireAuth>
        ),
      },
    ],
  },
  { path: '*', element: <HomeRedirect /> },
]);
