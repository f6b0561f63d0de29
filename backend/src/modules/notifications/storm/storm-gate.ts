import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type DeliverNotificationJob, redisKeys } from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { REDIS } from '../../../infra/redis/redis.js';
import { targetKeyOf } from '../rate-limiter.js';

/** Which storm a message belongs to: one recipient's channel, one district, one domain. */
export function stormKeyOf(job: DeliverNotificationJob): string | null {
  if (job.message.kind === 'digest') return null;
  const { district, domain } = job.message.incident;
  const parts = [job.recipient, targetKeyOf(job.target), district ?? 'city', domain];
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);
}

export type StormDecision = { held: false } | { held: true; slotAt: number };

/*
 * One script, so that every worker sees the same count and at most one digest is due per storm
 * key. The incident counts once per window however many messages it gets (escalation steps). Once
 * a digest is due, every message for the key joins it, whatever the count: the digest is at most
 * NOTIFY_STORM_DIGEST_EVERY_SECONDS away.
 * KEYS: recent, held, slot, last. ARGV: now, windowMs, threshold, incidentId, gatherMs, everyMs.
 */
const ADMIT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], 'NX', now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
local slot = tonumber(redis.call('GET', KEYS[3]) or '0')
if slot == 0 then
  if redis.call('ZCARD', KEYS[1]) <= tonumber(ARGV[3]) then return 0 end
  local last = tonumber(redis.call('GET', KEYS[4]) or '0')
  slot = math.max(now + tonumber(ARGV[5]), last + tonumber(ARGV[6]))
  redis.call('SET', KEYS[3], slot, 'PX', slot - now + 86400000)
end
redis.call('HSETNX', KEYS[2], ARGV[4], now)
redis.call('PEXPIRE', KEYS[2], slot - now + 86400000)
return slot
`;

/*
 * After the digest for slot ARGV[1] went to the queue: the incidents it listed leave the held set;
 * anything held meanwhile gets the next slot, one interval later (returned; 0 when none).
 * KEYS: held, slot, last. ARGV: slotAt, everyMs, then the incident ids sent.
 */
const SENT = `
local slotAt = tonumber(ARGV[1])
local every = tonumber(ARGV[2])
for i = 3, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
redis.call('SET', KEYS[3], slotAt, 'PX', every + 86400000)
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if redis.call('HLEN', KEYS[1]) == 0 then
  if current == slotAt then redis.call('DEL', KEYS[2]) end
  return 0
end
if current > slotAt then return current end
local nextSlot = slotAt + every
redis.call('SET', KEYS[2], nextSlot, 'PX', every + 86400000)
return nextSlot
`;

/**
 * Alert storm control (docs/notifications.md): counts the incidents paged to each recipient's
 * channel per district and domain in a sliding window in Redis; above the threshold, messages are
 * held and go out as one digest per slot, at most one slot per interval.
 */
@Injectable()
export class StormGate {
  private readonly keys: ReturnType<typeof redisKeys>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.keys = redisKeys(config.REDIS_PREFIX);
  }

  get enabled(): boolean {
    return this.config.NOTIFY_STORM_THRESHOLD > 0;
  }

  private get everyMs(): number {
    return Math.round(this.config.NOTIFY_STORM_DIGEST_EVERY_SECONDS * 1000);
  }

  /** Counts the message's incident; held: it joins the digest due at slotAt. */
  async admit(stormKey: string, incidentId: string, now = Date.now()): Promise<StormDecision> {
    const k = this.keys.notifyStorm(stormKey);
    const slot = (await this.redis.eval(
      ADMIT,
      4,
      k.recent,
      k.held,
      k.slot,
      k.last,
      now,
      this.config.NOTIFY_STORM_WINDOW_SECONDS * 1000,
      this.config.NOTIFY_STORM_THRESHOLD,
      incidentId,
      Math.round(this.config.NOTIFY_STORM_GATHER_SECONDS * 1000),
      this.everyMs,
    )) as number;
    return slot > 0 ? { held: true, slotAt: slot } : { held: false };
  }

  /** The incidents held for the storm key (oldest first). */
  async held(stormKey: string): Promise<string[]> {
    const entries = await this.redis.hgetall(this.keys.notifyStorm(stormKey).held);
    return Object.entries(entries)
      .sort(([, a], [, b]) => Number(a) - Number(b))
      .map(([id]) => id);
  }

  /** Records the digest of slotAt as sent; returns the next slot to schedule (null: none). */
  async sent(
    stormKey: string,
    slotAt: number,
    incidentIds: readonly string[],
  ): Promise<number | null> {
    const k = this.keys.notifyStorm(stormKey);
    const next = (await this.redis.eval(
      SENT,
      3,
      k.held,
      k.slot,
      k.last,
      slotAt,
      this.everyMs,
      ...incidentIds,
    )) as number;
    return next > 0 ? next : null;
  }
}
