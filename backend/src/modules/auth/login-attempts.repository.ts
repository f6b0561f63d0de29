import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';

/**
 * Redis keys of sign-in throttling. The backend alone reads and writes them (no other process
 * does), so they live here rather than in contracts' redisKeys.
 */
export function loginKeys(prefix: string) {
  return {
    /** Counter with TTL (the failure window): failed sign-ins for one username. */
    userFailures: (username: string) => `${prefix}:auth:failures:user:${username}`,
    /** String with TTL (the lockout): the username is locked. */
    userLock: (username: string) => `${prefix}:auth:lock:${username}`,
    /** Counter with TTL (the failure window): failed sign-ins from one client address. */
    addressFailures: (address: string) => `${prefix}:auth:failures:addr:${address}`,
  };
}

export interface LoginLimits {
  windowSeconds: number;
  lockoutSeconds: number;
  maxUserFailures: number;
}

export interface SignInState {
  /** Seconds the username stays locked; 0 when it is not. */
  lockedForSeconds: number;
  /** Failed sign-ins from the address in its current window. */
  addressFailures: number;
  /** Seconds until the address's window ends. */
  addressResetSeconds: number;
}

export interface FailureOutcome {
  /** The username's failures in its window, this one included (0 once it was locked). */
  userFailures: number;
  addressFailures: number;
  /** This failure locked the username (exactly one caller sees true, whichever replica). */
  lockedNow: boolean;
}

/**
 * Fixed-window counters in Redis, shared by every API replica: one per username, one per client
 * address, each expiring with its window, and a lock key per username.
 */
@Injectable()
export class LoginAttemptsRepository {
  private readonly keys: ReturnType<typeof loginKeys>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = loginKeys(config.REDIS_PREFIX);
  }

  async state(username: string, address: string): Promise<SignInState> {
    const results = await this.redis
      .multi()
      .ttl(this.keys.userLock(username))
      .get(this.keys.addressFailures(address))
      .ttl(this.keys.addressFailures(address))
      .exec();
    const [lockTtl, failures, addressTtl] = (results ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    return {
      lockedForSeconds: Math.max(0, Number(lockTtl)),
      addressFailures: Number(failures ?? 0),
      addressResetSeconds: Math.max(0, Number(addressTtl)),
    };
  }

  /** Counts a failure for the username (unless it is locked) and the address. */
  async recordFailure(
    username: string,
    address: string,
    limits: LoginLimits,
    userIsLocked: boolean,
  ): Promise<FailureOutcome> {
    const userKey = this.keys.userFailures(username);
    const addressKey = this.keys.addressFailures(address);
    // SET NX with the expiry, then INCR (which keeps the expiry): a fixed window from the first
    // failure, on every Redis version.
    const batch = this.redis
      .multi()
      .set(addressKey, 0, 'EX', limits.windowSeconds, 'NX')
      .incr(addressKey);
    if (!userIsLocked) batch.set(userKey, 0, 'EX', limits.windowSeconds, 'NX').incr(userKey);
    const results = (await batch.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    const addressFailures = Number(results[1]?.[1] ?? 0);
    const userFailures = userIsLocked ? 0 : Number(results[3]?.[1] ?? 0);
    if (userIsLocked || userFailures < limits.maxUserFailures)
      return { userFailures, addressFailures, lockedNow: false };
    const [[lockError, locked] = [null, null]] =
      (await this.redis
        .multi()
        .set(this.keys.userLock(username), 1, 'EX', limits.lockoutSeconds, 'NX')
        .del(userKey)
        .exec()) ?? [];
    if (lockError) throw lockError;
    return { userFailures, addressFailures, lockedNow: locked === 'OK' };
  }

  /** A successful sign-in starts the username's count again. */
  async clearUser(username: string): Promise<void> {
    await this.redis.del(this.keys.userFailures(username));
  }
}
