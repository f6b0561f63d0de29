import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../modules/auth/useSession';
import { LiveProvider } from '../modules/live/LiveProvider';

/**
 * Every signed-in page shares one live connection, kept across page switches. A user who must
 * change their password gets no page (and no live connection, which the backend refuses them)
 * until they have: /password.
 */
export function SignedInLayout() {
  const current = useSession();
  const location = useLocation();
  if (!current)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (current.user.role !== 'display' && current.user.mustChangePassword)
    return <Navigate to="/password" replace />;
  return (
    <LiveProvider>
      <Outlet />
    </LiveProvider>
  );
}
