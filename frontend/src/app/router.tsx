import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { HistoryLoading } from '../modules/history/HistoryLoading';
import { ConsolePage } from '../pages/console/ConsolePage';
import { LoginPage } from '../pages/login/LoginPage';
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

/** Routes: /login, and behind it /wall, /console and /history by role; anything else goes home. */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
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
    ],
  },
  { path: '*', element: <HomeRedirect /> },
]);
