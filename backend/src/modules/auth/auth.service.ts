import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { LoginResponse, Role } from '@cityops/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { type TokenClaims, signToken, verifyToken } from './access-token.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { clientAddressKey } from './client-address.js';
import { type LoginLimits, LoginAttemptsRepository } from './login-attempts.repository.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { SettingsRepository } from '../../infra/database/settings.repository.js';
import { UsersRepository } from './users.repository.js';

export interface AuthenticatedUser {
  username: string;
  role: Role;
}

/**
 * What a sign-in attempt gets: a token; one generic refusal whatever the reason (unknown user,
 * wrong password, locked username); or, for an address with too many failures, "try later".
 */
export type LoginOutcome =
  | { kind: 'signed_in'; response: LoginResponse }
  | { kind: 'refused' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/** Why a sign-in failed, for the audit trail only (never for the client). */
export type LoginFailureReason = 'unknown_user' | 'wrong_password' | 'locked';

// Verifying against a fixed hash when the user does not exist keeps the answer time the same,
// so timing does not reveal which usernames exist.
const DUMMY_HASH_PASSWORD = 'not-a-real-password';

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private secret = '';
  private dummyHash = '';

  constructor(
    private readonly users: UsersRepository,
    private readonly settings: SettingsRepository,
    private readonly audit: AuditRepository,
    private readonly attempts: LoginAttemptsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.secret =
      this.config.AUTH_SECRET ??
      (await this.settings.getOrInsert('auth.secret', randomBytes(48).toString('base64url')));
    this.dummyHash = await hashPassword(DUMMY_HASH_PASSWORD);
    await this.createFirstAdmin();
  }

  /** On first start with an empty user table, the admin comes from ADMIN_USERNAME / ADMIN_PASSWORD. */
  private async createFirstAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const username = this.config.ADMIN_USERNAME;
    const generated = this.config.ADMIN_PASSWORD === undefined;
    const password = this.config.ADMIN_PASSWORD ?? generatePassword();
    const inserted = await this.users.insertIfAbsent({
      username,
      passwordHash: await hashPassword(password),
      role: 'admin',
      mustChangePassword: generated,
    });
    if (!inserted) return;
    await this.audit.record({
      actor: 'system',
      action: 'user.created',
      target: username,
      data: { role: 'admin' },
    });
    if (generated) {
      this.logger.warn(
        `Created admin "${username}" with the generated password: ${password} (shown once; set ADMIN_PASSWORD to choose it)`,
      );
    } else {
      this.logger.log(`Created admin "${username}" from ADMIN_PASSWORD`);
    }
  }

  /**
   * Signs in, with throttling (docs/security.md): failures are counted per username and per client
   * address in Redis, shared by every replica. A username with LOGIN_MAX_FAILURES failures in the
   * window is locked for LOGIN_LOCKOUT_SECONDS, and refused with the same answer as a wrong
   * password; an address with LOGIN_IP_MAX_FAILURES failures gets "try later" until its window ends.
   */
  async login(username: string, password: string, ip: string | null): Promise<LoginOutcome> {
    const address = clientAddressKey(ip);
    const state = await this.attempts.state(username, address);
    if (state.addressFailures >= this.config.LOGIN_IP_MAX_FAILURES)
      return { kind: 'throttled', retryAfterSeconds: Math.max(1, state.addressResetSeconds) };
    const user = await this.users.find(username);
    // One scrypt verification on every path, against a dummy hash for an unknown user and also for
    // a locked one, so the answer time reveals neither whether the user exists nor the lock.
    const ok = await verifyPassword(password, user?.passwordHash ?? this.dummyHash);
    const locked = state.lockedForSeconds > 0;
    if (!user || !ok || locked) {
      await this.recordFailure(
        username,
        address,
        ip,
        !user ? 'unknown_user' : locked ? 'locked' : 'wrong_password',
      );
      return { kind: 'refused' };
    }
    await this.attempts.clearUser(user.username);
    const now = Math.floor(Date.now() / 1000);
    const claims: TokenClaims = {
      sub: user.username,
      role: user.role,
      iat: now,
      exp: now + Math.round(this.config.TOKEN_TTL_HOURS * 3600),
    };
    await this.audit.record({ actor: user.username, action: 'auth.login', ip });
    return {
      kind: 'signed_in',
      response: {
        token: signToken(claims, this.secret),
        user: { username: user.username, role: user.role },
      },
    };
  }

  private async recordFailure(
    username: string,
    address: string,
    ip: string | null,
    reason: LoginFailureReason,
  ): Promise<void> {
    const limits: LoginLimits = {
      windowSeconds: this.config.LOGIN_FAILURE_WINDOW_SECONDS,
      lockoutSeconds: this.config.LOGIN_LOCKOUT_SECONDS,
      maxUserFailures: this.config.LOGIN_MAX_FAILURES,
    };
    const outcome = await this.attempts.recordFailure(
      username,
      address,
      limits,
      reason === 'locked',
    );
    // The attempted username is the actor, as typed (it may be anything: it is stored, not logged).
    const actor = username.slice(0, 100);
    await this.audit.record({ actor, action: 'auth.login_failed', ip, data: { reason } });
    if (outcome.lockedNow) {
      await this.audit.record({
        actor: 'system',
        action: 'auth.locked',
        target: actor,
        ip,
        data: { failures: outcome.userFailures, lockSeconds: limits.lockoutSeconds },
      });
      this.logger.warn(
        `a username was locked for ${limits.lockoutSeconds} s after ${outcome.userFailures} failed sign-ins (from ${address}; audit: auth.locked)`,
      );
    }
    if (outcome.addressFailures === this.config.LOGIN_IP_MAX_FAILURES) {
      await this.audit.record({
        actor: 'system',
        action: 'auth.throttled',
        target: address,
        ip,
        data: { failures: outcome.addressFailures, windowSeconds: limits.windowSeconds },
      });
      this.logger.warn(
        `${address} made ${outcome.addressFailures} failed sign-ins within ${limits.windowSeconds} s: its sign-ins get 429 until the window ends`,
      );
    }
  }

  authenticate(token: string): AuthenticatedUser | null {
    const claims = verifyToken(token, this.secret, Math.floor(Date.now() / 1000));
    return claims ? { username: claims.sub, role: claims.role } : null;
  }
}
