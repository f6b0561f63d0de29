import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@cityops/contracts';
import { IS_PUBLIC, PASSWORD_CHANGE_EXEMPT, ROLES } from './auth.decorators.js';
import { requiredScope } from './api-scope.js';
import { AuthService } from './auth.service.js';

/** Reads are open to these roles unless a route narrows them; display screens only read. */
const DEFAULT_ROLES: Role[] = ['admin', 'supervisor', 'operator'];
const READ_ONLY_ROLES: Role[] = ['admin', 'supervisor', 'operator', 'display'];
const READ_METHODS = ['GET', 'HEAD'];

export const TOKEN_REQUIRED = 'A valid bearer token is required';
export const PASSWORD_CHANGE_REQUIRED = 'Password change required';

/** Who may call a route: anyone (`@Public()`), or signed-in users with one of these roles. */
export type RouteAccess = { public: true } | { public: false; roles: readonly Role[] };

/**
 * The rule the guard applies, from a route's decorators (handler first, then its controller) and
 * its HTTP method. docs/access-matrix.md is generated from this same function.
 */
export function routeAccessOf(
  reflector: Reflector,
  // Decorator targets: the handler method and its controller class.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  targets: [Function, Function],
  method: string,
): RouteAccess {
  if (reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return { public: true };
  const roles =
    reflector.getAllAndOverride<Role[]>(ROLES, targets) ??
    (READ_METHODS.includes(method.toUpperCase()) ? READ_ONLY_ROLES : DEFAULT_ROLES);
  return { public: false, roles };
}

/**
 * Global guard: every route needs a bearer token unless marked @Public(); the caller's role must be
 * allowed; an API token also needs the route's scope; a user who must change their password may
 * only do that (and sign out).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      method: string;
      ip?: string;
      route?: { path?: string };
      user?: unknown;
    }>();
    const targets: [ReturnType<typeof context.getHandler>, ReturnType<typeof context.getClass>] = [
      context.getHandler(),
      context.getClass(),
    ];
    const access = routeAccessOf(this.reflector, targets, request.method);
    if (access.public) return true;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = match ? await this.auth.authenticate(match[1]!, request.ip ?? null) : null;
    if (!user) throw new UnauthorizedException(TOKEN_REQUIRED);
    request.user = user;
    if (!access.roles.includes(user.role))
      throw new ForbiddenException(`Role ${user.role} may not do this`);
    if (user.via === 'api') {
      const scope = requiredScope(request.method, request.route?.path ?? '');
      if (!scope || !user.scopes?.includes(scope))
        throw new ForbiddenException(
          scope ? `This API token lacks the scope ${scope}` : 'API tokens may not call this route',
        );
    }
    if (
      user.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(PASSWORD_CHANGE_EXEMPT, targets)
    )
      throw new ForbiddenException(PASSWORD_CHANGE_REQUIRED);
    return true;
  }
}
