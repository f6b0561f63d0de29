import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import {
  type CreateUserRequest,
  type UpdateUserRequest,
  type UserAccountResponse,
  passwordProblems,
} from '@cityops/contracts';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuthService } from './auth.service.js';
import { generatePassword, hashPassword } from './password.js';
import { type StoredUser, UsersRepository, toUserAccount } from './users.repository.js';

/** Accounts, managed by admins. A user is never deleted (the audit trail names them): disabled. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditRepository,
  ) {}

  async list() {
    return { items: (await this.users.list()).map(toUserAccount) };
  }

  async create(
    input: CreateUserRequest,
    actor: string,
    ip: string | null,
  ): Promise<UserAccountResponse> {
    if (input.password !== undefined) {
      const problems = passwordProblems(input.password, input.username);
      if (problems.length)
        throw new BadRequestException({
          message: `The password ${problems.map((p) => p.message).join('; ')}`,
          details: problems.map((p) => p.message),
        });
    }
    const password = input.password ?? generatePassword();
    const inserted = await this.users.insertIfAbsent({
      username: input.username,
      passwordHash: await hashPassword(password),
      role: input.role,
      // A generated password passed through the admin's hands: the user replaces it first.
      mustChangePassword: input.password === undefined,
      districts: input.districts ?? null,
    });
    if (!inserted) throw new ConflictException(`User ${input.username} already exists`);
    const user = (await this.users.find(input.username))!;
    await this.audit.record({
      actor,
      action: 'user.created',
      target: user.username,
      ip,
      data: { after: this.auditView(user), passwordGenerated: input.password === undefined },
    });
    return {
      user: toUserAccount(user),
      ...(input.password === undefined ? { generatedPassword: password } : {}),
    };
  }

  async update(
    username: string,
    changes: UpdateUserRequest,
    actor: string,
    ip: string | null,
  ): Promise<UserAccountResponse> {
    const before = await this.users.find(username);
    if (!before) throw new NotFoundException(`No user ${username}`);
    if (username === actor && (changes.disabled || (changes.role && changes.role !== 'admin')))
      throw new BadRequestException('An admin cannot disable or demote their own account');
    const generated = changes.resetPassword ? generatePassword() : undefined;
    const after = await this.users.update(username, {
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.districts !== undefined ? { districts: changes.districts } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      ...(generated
        ? { passwordHash: await hashPassword(generated), mustChangePassword: true }
        : {}),
    });
    if (!after) throw new NotFoundException(`No user ${username}`);
    // New rights or a new password take effect at once: every session of the user ends.
    const signedOut = await this.auth.revokeAllSessionsOf(username, 'user_changed');
    await this.audit.record({
      actor,
      action: generated ? 'user.password_reset' : 'user.updated',
      target: username,
      ip,
      data: { before: this.auditView(before), after: this.auditView(after), signedOut },
    });
    return { user: toUserAccount(after), ...(generated ? { generatedPassword: generated } : {}) };
  }

  private auditView(user: StoredUser) {
    return { role: user.role, districts: user.districts, disabled: user.disabled };
  }
}
