import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@cityops/contracts';
import type { AuthenticatedUser } from './auth.service.js';

export const IS_PUBLIC = 'cityops:isPublic';
export const ROLES = 'cityops:roles';
export const PASSWORD_CHANGE_EXEMPT = 'cityops:passwordChangeExempt';

/** The route needs no token (login, health, public config). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route. Without it, any signed-in role except `display` may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** Callable while the user must still change their password (the change itself, logout, me). */
export const PasswordChangeExempt = () => SetMetadata(PASSWORD_CHANGE_EXEMPT, true);

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
