import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { OncallIdSchema } from '@cityops/contracts';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import type { Actor } from './oncall.service.js';

/** What the on-call and escalation routes share: the id parameter, the roles, the actor. */

/** Route parameter: an on-call id (slug), 400 otherwise. */
export const oncallId: PipeTransform<string, string> = {
  transform(value: string) {
    if (!OncallIdSchema.safeParse(value).success)
      throw new BadRequestException(
        'id must be 2 to 63 lowercase letters, digits or "-", starting with a letter or digit',
      );
    return value;
  },
};

export const actorOf = (user: AuthenticatedUser, ip: string): Actor => ({
  username: user.username,
  role: user.role,
  ip,
});

/** Reading on-call data: contacts are personal data, so not the wall display. */
export const ONCALL_READERS = ['admin', 'supervisor', 'operator'] as const;
/** Changing teams, schedules, routes and escalation policies. */
export const ONCALL_WRITERS = ['admin', 'supervisor'] as const;
