import type { Role } from '@cityops/contracts';

/**
 * Pages of the console and the roles that may open them. History is the supervisor's page;
 * operators read it too (every role but display reads incidents), display screens never (they only
 * drive the wall, and the CSV export refuses them). The password page is for people (a display
 * token has no password); the admin pages: users, tokens and the asset import for admins, silences
 * and the quarantine also for supervisors and operators (who create and expire silences at the desk).
 */
const PAGE_ROLES = {
  wall: ['admin', 'supervisor', 'operator', 'display'],
  console: ['admin', 'supervisor', 'operator'],
  history: ['admin', 'supervisor', 'operator'],
  password: ['admin', 'supervisor', 'operator'],
  admin: ['admin'],
  silences: ['admin', 'supervisor', 'operator'],
  quarantine: ['admin', 'supervisor', 'operator'],
  assets: ['admin'],
  /** Alert rules: admins and supervisors read and backtest; only admins change them (ruleEdit). */
  rules: ['admin', 'supervisor'],
  ruleEdit: ['admin'],
  /** On-call: whoever reads /api/oncall/* (display never: contacts are personal data). */
  oncall: ['admin', 'supervisor', 'operator'],
  /** Overrides on /admin/oncall: admins (the backend also lets supervisors write). */
  oncallEdit: ['admin', 'supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type Page = keyof typeof PAGE_ROLES;

/** Whether a role may open a page; the backend enforces the same rules on the API. */
export function canUse(role: Role, page: Page): boolean {
  return (PAGE_ROLES[page] as readonly Role[]).includes(role);
}
