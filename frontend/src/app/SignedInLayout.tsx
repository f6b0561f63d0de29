import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../modules/auth/useSession';
import { LiveProvider } from '../modules/live/LiveProvider';

/** Every signed-in page shares one live connection, kept across page switches. */
export function SignedInLayout() {
  const current = useSession();
  const location = useLocation();
  if (!current)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return (
    <LiveProvider>
      <Outlet />
    </LiveProvider>
  );
}
