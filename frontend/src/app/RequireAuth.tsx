import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Page } from '../modules/auth/canUse';
import { redirectFor } from '../modules/auth/redirectFor';
import { useSession } from '../modules/auth/useSession';

/**
 * Renders its page for a signed-in user whose role may open it. Signed out: to /login (and back here
 * afterwards). Password change pending: to /password. Wrong role: to that role's home page.
 */
export function RequireAuth({ page, children }: { page: Page; children: ReactNode }) {
  const current = useSession();
  const location = useLocation();
  if (!current)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const redirect = redirectFor(current.user, page);
  if (redirect) return <Navigate to={redirect} replace />;
  return children;
}
