import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type ChannelKind, type ChannelTarget, redisKeys } from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';

/**
 * One target's identity as a key: channel kind and a hash of where it points (robot URLs carry
 * their access keys, phones and addresses are personal: neither is written to Redis or the table).
 */
export function targetKeyOf(target: ChannelTarget): string {
  const where =
    target.kind === 'wecom' || target.kind === 'dingtalk'
      ? target.webhookUrl
      : target.kind === 'webhook'
        ? target.url
        : target.kind === 'sms'
          ? target.phone.replace(/^\+/, '')
          : target.address.toLowerCase();
  return `${target.kind}:${createHash('sha256').update(where).digest('hex').slice(0, 24)}`;
}

export type RateDecision = { ok: true } | { ok: false; retryAt: number; reason: string };

/**
 * Fixed-window counter per target in Redis (INCR, expiring with the window): at most
 * NOTIFY_RATE_LIMITS[kind] messages per target and NOTIFY_RATE_WINDOW_SECONDS, across every worker
 * process. A receiver that answers "too fast" blocks its target until the next window (or its
 * Retry-After). Over the limit, the caller defers the job to the next window, with a little jitter
 * so a backlog does not arrive in one burst.
 */
const TAKE = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return -blocked end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`;

@Injectable()
export class NotificationRateLimiter {
  private readonly keys: ReturnType<typeof redisKeys>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.keys = redisKeys(config.REDIS_PREFIX);
  }

  private get windowMs(): number {
    return this.config.NOTIFY_RATE_WINDOW_SECONDS * 1000;
  }

  limitOf(kind: ChannelKind): number {
    return this.config.NOTIFY_RATE_LIMITS[kind];
  }

  /** Counts one message to the target in the current window, or says when to try again. */
  async take(targetKey: string, kind: ChannelKind, now = Date.now()): Promise<RateDecision> {
    const window = Math.floor(now / this.windowMs);
    const result = Number(
      await this.redis.eval(
        TAKE,
        2,
        this.keys.notifyRate(targetKey, window),
        this.keys.notifyBlock(targetKey),
        String(this.windowMs * 2),
      ),
    );
    if (result < 0)
      return {
        ok: false,
        retryAt: now - result + this.jitter(),
        reason: 'the receiver asked to slow down',
      };
    const limit = this.limitOf(kind);
    if (result <= limit) return { ok: true };
    return {
      ok: false,
      retryAt: (window + 1) * this.windowMs + this.jitter(),
      reason: `rate limit: ${limit} per ${this.config.NOTIFY_RATE_WINDOW_SECONDS} s to one ${kind} target`,
    };
  }

  /** The receiver said "too fast": nothing more to the target for retryAfterMs, or one whole window. */
  async block(targetKey: string, retryAfterMs: number | null, now = Date.now()): Promise<number> {
    const ms = Math.max(1, Math.round(retryAfterMs ?? this.windowMs));
    await this.redis.set(this.keys.notifyBlock(targetKey), '1', 'PX', ms);
    return now + ms + this.jitter();
  }

  private jitter(): number {
    return Math.floor(Math.random() * Math.min(1_000, this.windowMs / 10));
  }
}
