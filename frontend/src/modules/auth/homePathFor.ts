import type { Role } from '@cityops/contracts';

/** Where a role lands after login and on unknown routes: display accounts drive the wall, everyone else the desk. */
export function homePathFor(role: Role): '/wall' | '/console' {
  return role === 'display' ? '/wall' : '/console';
}
