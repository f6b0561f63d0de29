import type { Role } from '@cityops/contracts';

/** Pages of the console and the roles that may open them (history and admin join later). */
const PAGE_ROLES = {
  wall: ['admin', 'supervisor', 'operator', 'display'],
  console: ['admin', 'supervisor', 'operator'],
} as const satisfies Record<string, readonly Role[]>;

/** Whether a role may open a page; the backend enforces the same rules on the API. */
export function canUse(role: Role, page: keyof typeof PAGE_ROLES): boolean {
  return (PAGE_ROLES[page] as readonly Role[]).includes(role);
}
