import { Navigate } from 'react-router';
import { homePathFor } from '../modules/auth/homePathFor';
import { useSession } from '../modules/auth/useSession';

/** `/` and unknown routes: the user's home page (or /password first), or the login page. */
export function HomeRedirect() {
  const current = useSession();
  return (
    <Navigate
      to={current ? homePathFor(current.user.role, current.user.mustChangePassword) : '/login'}
      replace
    />
  );
}
