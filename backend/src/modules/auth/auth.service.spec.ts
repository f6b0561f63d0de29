import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config/app-config.js';
import type { SettingsRepository } from '../../infra/database/settings.repository.js';
import type { AuditEntry, AuditRepository } from '../audit/audit.repository.js';
import { AuthService } from './auth.service.js';
import type {
  FailureOutcome,
  LoginAttemptsRepository,
  LoginLimits,
  SignInState,
} from './login-attempts.repository.js';
import { hashPassword, verifyPassword } from './password.js';
import type { LivePublisher } from '../../infra/live/live-publisher.js';
import type { ApiTokensRepository } from './api-tokens.repository.js';
import type { SessionRevocationsRepository } from './session-revocations.repository.js';
import type { SessionsRepository } from './sessions.repository.js';
import type { StoredUser, UsersRepository } from './users.repository.js';

// scrypt stood in for by a fast fake of the same shape (the real one is password.spec.ts's), watched:
// which stored hash each sign-in verified against.
vi.mock('./password.js', () => ({
  hashPassword: vi.fn((password: string) => Promise.resolve(`fake$${randomUUID()}$${password}`)),
  verifyPassword: vi.fn((password: string, stored: string) =>
    Promise.resolve(stored.endsWith(`$${password}`)),
  ),
  generatePassword: () => 'generated',
}));

/** The Redis counters' behaviour (fixed windows and the lock), in memory, with a hand-moved clock. */
class MemoryAttempts {
  now = 0;
  private readonly counters = new Map<string, { n: number; until: number }>();

  private live(key: string) {
    const c = this.counters.get(key);
    return c && c.until > this.now ? c : undefined;
  }

  private incr(key: string, seconds: number): number {
    const c = this.live(key) ?? { n: 0, until: this.now + seconds };
    c.n += 1;
    this.counters.set(key, c);
    return c.n;
  }

  state(username: string, address: string): Promise<SignInState> {
    const lock = this.live(`lock:${username}`);
    const addr = this.live(`addr:${address}`);
    return Promise.resolve({
      lockedForSeconds: lock ? lock.until - this.now : 0,
      addressFailures: addr?.n ?? 0,
      addressResetSeconds: addr ? addr.until - this.now : 0,
    });
  }

  recordFailure(
    username: string,
    address: string,
    limits: LoginLimits,
    locked: boolean,
  ): Promise<FailureOutcome> {
    const addressFailures = this.incr(`addr:${address}`, limits.windowSeconds);
    if (locked) return Promise.resolve({ userFailures: 0, addressFailures, lockedNow: false });
    const userFailures = this.incr(`user:${username}`, limits.windowSeconds);
    const lockedNow = userFailures >= limits.maxUserFailures;
    if (lockedNow) {
      this.counters.set(`lock:${username}`, { n: 1, until: this.now + limits.lockoutSeconds });
      this.counters.delete(`user:${username}`);
    }
    return Promise.resolve({ userFailures, addressFailures, lockedNow });
  }

  clearUser(username: string): Promise<void> {
    this.counters.delete(`user:${username}`);
    return Promise.resolve();
  }
}

describe('AuthService sign-in', () => {
  const config = loadConfig({
    AUTH_SECRET: 'unit-test-secret-that-is-long-enough-to-pass',
    LOGIN_MAX_FAILURES: '3',
    LOGIN_FAILURE_WINDOW_SECONDS: '60',
    LOGIN_LOCKOUT_SECONDS: '120',
    LOGIN_IP_MAX_FAILURES: '5',
  });
  let operatorHash: string;
  let attempts: MemoryAttempts;
  let audit: AuditEntry[];
  let auth: AuthService;
  const verify = vi.mocked(verifyPassword);

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    operatorHash ??= await hashPassword('right-password');
    attempts = new MemoryAttempts();
    audit = [];
    const users: Record<string, StoredUser> = {
      op1: {
        username: 'op1',
        passwordHash: operatorHash,
        role: 'operator',
        mustChangePassword: false,
        districts: null,
        disabled: false,
        createdAt: new Date(),
        passwordChangedAt: null,
      },
    };
    auth = new AuthService(
      {
        find: (u: string) => Promise.resolve(users[u] ?? null),
        count: () => Promise.resolve(1),
      } as unknown as UsersRepository,
      {} as SettingsRepository,
      { record: (e: AuditEntry) => Promise.resolve(void audit.push(e)) } as AuditRepository,
      attempts as unknown as LoginAttemptsRepository,
      { create: () => Promise.resolve() } as unknown as SessionsRepository,
      {} as SessionRevocationsRepository,
      {} as ApiTokensRepository,
      {} as LivePublisher,
      config,
    );
    await auth.onApplicationBootstrap();
    verify.mockClear();
  });

  const reasons = () =>
    audit.filter((e) => e.action === 'auth.login_failed').map((e) => e.data?.reason);

  it('verifies an unknown username against a dummy hash, once, as it verifies a real one', async () => {
    expect(await auth.login('ghost', 'right-password', '10.0.0.1')).toEqual({ kind: 'refused' });
    expect(await auth.login('nobody', 'right-password', '10.0.0.1')).toEqual({ kind: 'refused' });
    expect(await auth.login('op1', 'wrong-password', '10.0.0.1')).toEqual({ kind: 'refused' });
    expect(verify).toHaveBeenCalledTimes(3);
    const [ghostHash, nobodyHash, op1Hash] = verify.mock.calls.map(([, stored]) => stored);
    expect(op1Hash).toBe(operatorHash);
    expect(ghostHash).toMatch(/^fake\$/);
    expect(ghostHash).not.toBe(operatorHash);
    expect(nobodyHash).toBe(ghostHash);
    expect(reasons()).toEqual(['unknown_user', 'unknown_user', 'wrong_password']);
  });

  it('locks a username after LOGIN_MAX_FAILURES failures, refusing even the right password the same way', async () => {
    for (let i = 0; i < 3; i++) await auth.login('op1', `guess-${i}`, '10.0.0.1');
    expect(audit.filter((e) => e.action === 'auth.locked')).toEqual([
      expect.objectContaining({ target: 'op1', data: { failures: 3, lockSeconds: 120 } }),
    ]);
    verify.mockClear();
    expect(await auth.login('op1', 'right-password', '10.0.0.2')).toEqual({ kind: 'refused' });
    // The password was still verified: a locked account answers as slowly as any other.
    expect(verify).toHaveBeenCalledTimes(1);
    expect(reasons().at(-1)).toBe('locked');

    attempts.now += 121;
    expect((await auth.login('op1', 'right-password', '10.0.0.2')).kind).toBe('signed_in');
  });

  it('locks unknown usernames too, so a lock does not tell that a user exists', async () => {
    for (let i = 0; i < 3; i++) await auth.login('ghost', `guess-${i}`, '10.0.0.1');
    expect(audit.some((e) => e.action === 'auth.locked' && e.target === 'ghost')).toBe(true);
  });

  it('starts the count again after a successful sign-in', async () => {
    await auth.login('op1', 'guess-1', '10.0.0.1');
    await auth.login('op1', 'guess-2', '10.0.0.2');
    expect((await auth.login('op1', 'right-password', '10.0.0.3')).kind).toBe('signed_in');
    await auth.login('op1', 'guess-3', '10.0.0.4');
    await auth.login('op1', 'guess-4', '10.0.0.5');
    expect((await auth.login('op1', 'right-password', '10.0.0.6')).kind).toBe('signed_in');
    expect(audit.some((e) => e.action === 'auth.locked')).toBe(false);
  });

  it('throttles an address after LOGIN_IP_MAX_FAILURES failures across usernames, without verifying', async () => {
    for (let i = 0; i < 5; i++) await auth.login(`user-${i}`, 'guess', '::ffff:10.9.9.9');
    expect(audit.filter((e) => e.action === 'auth.throttled')).toEqual([
      expect.objectContaining({ target: '10.9.9.9', data: { failures: 5, windowSeconds: 60 } }),
    ]);
    verify.mockClear();
    attempts.now += 20;
    expect(await auth.login('op1', 'right-password', '10.9.9.9')).toEqual({
      kind: 'throttled',
      retryAfterSeconds: 40,
    });
    expect(verify).not.toHaveBeenCalled();
    expect((await auth.login('op1', 'right-password', '10.9.9.10')).kind).toBe('signed_in');
    attempts.now += 41;
    expect((await auth.login('op1', 'right-password', '10.9.9.9')).kind).toBe('signed_in');
  });
});
