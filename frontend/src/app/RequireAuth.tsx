import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { canUse } from '../modules/auth/canUse';
import { homePathFor } from '../modules/auth/homePathFor';
import { useSession } from '../modules/auth/useSession';

/**
 * Renders its page for a signed-in user whose role may open it. Signed out: to /login (and back here
 * afterwards). Wrong role: to that role's home page.
 */
export function RequireAuth({
  page,
  children,
}: {
  page: Parameters<typeof canUse>[1];
  children: ReactNode;
}) {
  const current = useSession();
  const location = useLocation();
  if (!current)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (!canUse(current.user.role, page))
    return <Navigate to={homePathFor(current.user.role)} replace />;
  return children;
}
