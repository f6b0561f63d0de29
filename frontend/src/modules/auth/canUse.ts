import type { Role } from '@cityops/contracts';

/**
 * Pages of the console and the roles that may open them (admin joins later). History is the
 * supervisor's page; operators read it too (every role but display reads incidents), display
 * screens never (they only drive the wall, and the CSV export refuses them).
 */
const PAGE_ROLES = {
  wall: ['admin', 'supervisor', 'operator', 'display'],
  console: ['admin', 'supervisor', 'operator'],
  history: ['admin', 'supervisor', 'operator'],
} as const satisfies Record<string, readonly Role[]>;

/** Whether a role may open a page; the backend enforces the same rules on the API. */
export function canUse(role: Role, page: keyof typeof PAGE_ROLES): boolean {
  return (PAGE_ROLES[page] as readonly Role[]).includes(role);
}
