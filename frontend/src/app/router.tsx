import { createBrowserRouter } from 'react-router';
import { ConsolePage } from '../pages/console/ConsolePage';
import { LoginPage } from '../pages/login/LoginPage';
import { WallPage } from '../pages/wall/WallPage';
import { HomeRedirect } from './HomeRedirect';
import { RequireAuth } from './RequireAuth';
import { SignedInLayout } from './SignedInLayout';

/** Routes: /login, and behind it /wall and /console by role; anything else goes home. */
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
    ],
  },
  { path: '*', element: <HomeRedirect /> },
]);
