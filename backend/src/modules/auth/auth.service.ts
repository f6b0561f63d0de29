import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type LoginResponse, type Role, passwordProblems } from '@cityops/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { type TokenClaims, signToken, verifyToken } from './access-token.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { clientAddressKey } from './client-address.js';
import { type LoginLimits, LoginAttemptsRepository } from './login-attempts.repository.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { SettingsRepository } from '../../infra/database/settings.repository.js';
import { LivePublisher, liveSessionRoom } from '../../infra/live/live-publisher.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import {
  formatOpaqueToken,
  hashSecret,
  newOpaqueToken,
  parseOpaqueToken,
  secretMatches,
} from './opaque-token.js';
import { SessionRevocationsRepository } from './session-revocations.repository.js';
import { SessionsRepository } from './sessions.repository.js';
import { type StoredUser, UsersRepository } from './users.repository.js';

/** Who is calling: a person signed in (a session), a wall screen or an integration (a token). */
export interface AuthenticatedUser {
  username: string;
  role: Role;
  /** Districts the caller is limited to; null for the whole city. */
  districts: string[] | null;
  via: 'session' | 'display' | 'api';
  sessionId?: string;
  tokenId?: string;
  /** API tokens: what they may reach (`<resource>:read|write`). */
  scopes?: string[];
  mustChangePassword?: boolean;
}

export type PasswordChangeOutcome =
  | { kind: 'changed'; response: LoginResponse }
  | { kind: 'wrong_password' }
  | { kind: 'refused'; problems: string[] };

/**
 * A refresh token presented again within this many seconds of its rotation is taken for two tabs
 * (or a retried request) racing, not for a thief: refused without ending the session.
 */
export const REFRESH_RACE_SECONDS = 30;

/**
 * What a sign-in attempt gets: a token; one generic refusal whatever the reason (unknown user,
 * wrong password, locked username); or, for an address with too many failures, "try later".
 */
export type LoginOutcome =
  | { kind: 'signed_in'; response: LoginResponse }
  | { kind: 'refused' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/** Why a sign-in failed, for the audit trail only (never for the client). */
export type LoginFailureReason = 'unknown_user' | 'wrong_password' | 'locked' | 'disabled';

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
    private readonly sessions: SessionsRepository,
    private readonly revocations: SessionRevocationsRepository,
    private readonly tokens: ApiTokensRepository,
    private readonly live: LivePublisher,
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
   * The HMAC key of this deployment (AUTH_SECRET, else the one kept in the database), resolved at
   * start: other signed links (calendar feeds) use it too, so there is one secret to rotate.
   */
  signingSecret(): string {
    if (!this.secret) throw new Error('AuthService is not bootstrapped yet');
    return this.secret;
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
    if (!user || !ok || locked || user.disabled) {
      await this.recordFailure(
        username,
        address,
        ip,
        !user ? 'unknown_user' : locked ? 'locked' : !ok ? 'wrong_password' : 'disabled',
      );
      return { kind: 'refused' };
    }
    await this.attempts.clearUser(user.username);
    const response = await this.openSession(user, ip);
    await this.audit.record({
      actor: user.username,
      action: 'auth.login',
      ip,
      data: { session: response.sessionId },
    });
    return { kind: 'signed_in', response: response.response };
  }

  /** A new session: its refresh token and a first access token. */
  private async openSession(
    user: StoredUser,
    ip: string | null,
  ): Promise<{ sessionId: string; response: LoginResponse }> {
    const refresh = newOpaqueToken('refresh');
    await this.sessions.create({
      id: refresh.id,
      username: user.username,
      refreshHash: hashSecret(refresh.secret),
      expiresAt: new Date(Date.now() + this.config.TOKEN_TTL_HOURS * 3_600_000),
      ip,
    });
    return {
      sessionId: refresh.id,
      response: this.issue(user, refresh.id, formatOpaqueToken(refresh)),
    };
  }

  private issue(user: StoredUser, sessionId: string, refreshToken: string): LoginResponse {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + Math.round(this.config.ACCESS_TOKEN_TTL_MINUTES * 60);
    const claims: TokenClaims = {
      sub: user.username,
      role: user.role,
      iat: now,
      exp,
      sid: sessionId,
      ...(user.districts ? { dst: user.districts } : {}),
      ...(user.mustChangePassword ? { mcp: true } : {}),
    };
    return {
      token: signToken(claims, this.secret),
      refreshToken,
      expiresAt: new Date(exp * 1000).toISOString(),
      user: {
        username: user.username,
        role: user.role,
        districts: user.districts,
        mustChangePassword: user.mustChangePassword,
      },
    };
  }

  /**
   * The next access token and refresh token of a session. The presented refresh token dies; one
   * presented again after that (a copy in a thief's hands, or the owner's after the thief used it)
   * ends the whole session. A user disabled or changed since gets null or their new rights.
   */
  async refresh(refreshToken: string, ip: string | null): Promise<LoginResponse | null> {
    const parsed = parseOpaqueToken(refreshToken);
    if (!parsed || parsed.kind !== 'refresh') return null;
    const next = newOpaqueToken('refresh', parsed.id);
    const outcome = await this.sessions.rotate(
      parsed.id,
      hashSecret(parsed.secret),
      hashSecret(next.secret),
    );
    if (outcome.kind === 'invalid') return null;
    if (outcome.kind === 'reused') {
      if (outcome.session.revokedAt || outcome.rotatedSecondsAgo < REFRESH_RACE_SECONDS)
        return null;
      await this.revokeSessions([outcome.session.id], 'refresh_reuse');
      await this.audit.record({
        actor: 'system',
        action: 'auth.refresh_reused',
        target: outcome.session.username,
        ip,
        data: { session: outcome.session.id },
      });
      this.logger.warn(
        `a refresh token was used twice: session ${outcome.session.id} is revoked (audit: auth.refresh_reused)`,
      );
      return null;
    }
    const user = await this.users.find(outcome.session.username);
    if (!user || user.disabled) {
      await this.revokeSessions([outcome.session.id], 'user_disabled');
      return null;
    }
    return this.issue(user, outcome.session.id, formatOpaqueToken(next));
  }

  /** Ends the caller's session: its refresh token and access tokens stop working everywhere. */
  async logout(user: AuthenticatedUser, ip: string | null): Promise<void> {
    if (user.via !== 'session' || !user.sessionId) return;
    const revoked = await this.sessions.revoke(user.sessionId, 'logout');
    if (revoked.length === 0) return; // already ended (or never opened here)
    await this.signOutLive(revoked);
    await this.audit.record({
      actor: user.username,
      action: 'auth.logout',
      ip,
      data: { session: user.sessionId },
    });
  }

  /** Revokes sessions in the database and, for their live access tokens, in Redis. */
  async revokeSessions(ids: readonly string[], reason: string): Promise<void> {
    for (const id of ids) await this.sessions.revoke(id, reason);
    await this.signOutLive(ids);
  }

  private async signOutLive(sessionIds: readonly string[]): Promise<void> {
    await this.revocations.revoke(sessionIds);
    for (const id of sessionIds) this.live.disconnect(liveSessionRoom(id));
  }

  /** Signs a user out everywhere (disabled, role or districts changed, password reset). */
  async revokeAllSessionsOf(username: string, reason: string): Promise<number> {
    const ids = await this.sessions.revokeAllOf(username, reason);
    await this.signOutLive(ids);
    return ids.length;
  }

  /**
   * Changes the caller's own password: the current one must be right and the new one must pass
   * the policy. Every other session of the user ends; the caller gets a fresh one.
   */
  async changePassword(
    caller: AuthenticatedUser,
    currentPassword: string,
    newPassword: string,
    ip: string | null,
  ): Promise<PasswordChangeOutcome> {
    const user = caller.via === 'session' ? await this.users.find(caller.username) : null;
    if (!user || user.disabled) return { kind: 'wrong_password' };
    if (!(await verifyPassword(currentPassword, user.passwordHash)))
      return { kind: 'wrong_password' };
    const problems = passwordProblems(newPassword, user.username).map((p) => p.message);
    if (newPassword === currentPassword) problems.push('must differ from the current password');
    if (problems.length) return { kind: 'refused', problems };
    const updated = await this.users.update(user.username, {
      passwordHash: await hashPassword(newPassword),
      mustChangePassword: false,
    });
    await this.revokeAllSessionsOf(user.username, 'password_changed');
    const opened = await this.openSession(updated!, ip);
    await this.audit.record({
      actor: user.username,
      action: 'auth.password_changed',
      target: user.username,
      ip,
      data: { wasRequired: user.mustChangePassword },
    });
    return { kind: 'changed', response: opened.response };
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

  /**
   * The caller a bearer token stands for, or null: a signed access token whose session is not
   * revoked, or a display / API token that exists, is not revoked and has not expired.
   */
  async authenticate(token: string, ip: string | null = null): Promise<AuthenticatedUser | null> {
    const opaque = parseOpaqueToken(token);
    if (opaque) {
      if (opaque.kind === 'refresh') return null;
      const stored = await this.tokens.find(opaque.id);
      if (
        !stored ||
        stored.kind !== opaque.kind ||
        stored.revokedAt !== null ||
        (stored.expiresAt !== null && Date.parse(stored.expiresAt) <= Date.now()) ||
        !secretMatches(opaque.secret, stored.secretHash)
      )
        return null;
      void this.tokens.touch(stored.id, ip).catch((error: unknown) => {
        this.logger.warn(
          `could not record when token ${stored.id} was last seen: ${String(error)}`,
        );
      });
      return {
        username: `token:${stored.id}`,
        role: stored.role,
        districts: stored.districts,
        via: stored.kind,
        tokenId: stored.id,
        scopes: stored.scopes,
      };
    }
    const claims = verifyToken(token, this.secret, Math.floor(Date.now() / 1000));
    // A token without a session predates sessions (it could not be revoked): sign in again.
    if (!claims?.sid || (await this.revocations.isRevoked(claims.sid))) return null;
    return {
      username: claims.sub,
      role: claims.role,
      districts: claims.dst ?? null,
      via: 'session',
      sessionId: claims.sid,
      ...(claims.mcp ? { mustChangePassword: true } : {}),
    };
  }
}
