import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@cityops/contracts';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import { AuthService } from './auth.service.js';

/** Reads are open to these roles unless a route narrows them; display screens only read. */
const DEFAULT_ROLES: Role[] = ['admin', 'supervisor', 'operator'];
const READ_ONLY_ROLES: Role[] = ['admin', 'supervisor', 'operator', 'display'];

/** Global guard: every route needs a bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      method: string;
      user?: unknown;
    }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = match ? this.auth.authenticate(match[1]!) : null;
    if (!user) throw new UnauthorizedException('A valid bearer token is required');
    request.user = user;
    const allowed =
      this.reflector.getAllAndOverride<Role[]>(ROLES, targets) ??
      (request.method === 'GET' ? READ_ONLY_ROLES : DEFAULT_ROLES);
    if (!allowed.includes(user.role))
      throw new ForbiddenException(`Role ${user.role} may not do this`);
    return true;
  }
}
