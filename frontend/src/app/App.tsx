import { RouterProvider } from 'react-router/dom';
import { useSessionRefresh } from '../modules/auth/useSessionRefresh';
import { DisplayLinkGate } from './DisplayLinkGate';
import { Providers } from './Providers';
import { router } from './router';

const toWall = () => void router.navigate('/wall', { replace: true });

/** Keeps the access token fresh while the app is open. */
function SessionRefresher() {
  useSessionRefresh();
  return null;
}

export function App() {
  return (
    <Providers>
      <SessionRefresher />
      <DisplayLinkGate onAdopted={toWall}>
        <RouterProvider router={router} />
      </DisplayLinkGate>
    </Providers>
  );
}
