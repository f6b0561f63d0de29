import type { User } from '@cityops/contracts';
import { canUse, type Page } from './canUse';
import { homePathFor } from './homePathFor';

/**
 * Where a signed-in user who asks for `page` must go instead, or null to show it: everywhere to
 * /password while their password must change; to their home page when their role may not open it
 * (so a display session only ever sees /wall).
 */
export function redirectFor(user: User, page: Page): string | null {
  const mustChange = user.role !== 'display' && user.mustChangePassword === true;
  if (mustChange && page !== 'password') return '/password';
  if (!canUse(user.role, page)) return homePathFor(user.role, mustChange);
  return null;
}
