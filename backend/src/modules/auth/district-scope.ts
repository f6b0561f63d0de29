import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { AuthenticatedUser } from './auth.service.js';

/**
 * A district filter that matches nothing: what a caller limited to some districts gets when they
 * ask only for others. Not a 6-digit code, so no row has it.
 */
export const NO_DISTRICT = 'out-of-scope';

/**
 * The district filter a caller may apply: what they asked for, narrowed to their districts when
 * they are limited to some (their districts when they asked for none).
 */
export function scopedDistricts(
  caller: Pick<AuthenticatedUser, 'districts'>,
  requested: readonly string[] | undefined,
): string[] | undefined {
  if (!caller.districts) return requested ? [...requested] : undefined;
  if (!requested?.length) return [...caller.districts];
  const allowed = requested.filter((code) => caller.districts!.includes(code));
  return allowed.length ? allowed : [NO_DISTRICT];
}

/** Whether a caller may see or act on something of this district (null: belongs to none). */
export function inScope(
  caller: Pick<AuthenticatedUser, 'districts'>,
  district: string | null | undefined,
): boolean {
  return !caller.districts || (!!district && caller.districts.includes(district));
}

/**
 * Refuses what lies outside the caller's districts with the same 404 as a missing item, so a
 * limited caller learns nothing about other districts.
 */
export function assertInScope(
  caller: Pick<AuthenticatedUser, 'districts'>,
  district: string | null | undefined,
  notFound: string,
): void {
  if (!inScope(caller, district)) throw new NotFoundException(notFound);
}

/** For what is not tied to a district (rejected input, the whole city's settings). */
export function assertCityWide(caller: Pick<AuthenticatedUser, 'districts'>, what: string): void {
  if (caller.districts)
    throw new ForbiddenException(
      `${what} is city-wide: accounts limited to districts cannot see it`,
    );
}
