import type { Role } from '@cityops/contracts';

/**
 * Where a user lands after login and on unknown routes: display accounts drive the wall, a person
 * who must change their (generated or reset) password goes to /password first, everyone else to
 * the desk.
 */
export function homePathFor(
  role: Role,
  mustChangePassword = false,
): '/wall' | '/password' | '/console' {
  if (role === 'display') return '/wall';
  return mustChangePassword ? '/password' : '/console';
}
