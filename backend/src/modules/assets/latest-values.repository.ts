import { Inject, Injectable } from '@nestjs/common';
import { redisKeys } from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';
import { RedisJsonHash } from '../../infra/redis/redis-json-hash.js';

export interface LatestValues {
  /** Event time of the newest reading merged in. */
  ts: number;
  metrics: Record<string, number>;
}

/** Newest value per metric per asset, for the map and KPIs (kept in Redis, rebuilt by new readings). */
@Injectable()
export class LatestValuesRepository {
  private readonly hash: RedisJsonHash<LatestValues>;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.hash = new RedisJsonHash(redis, redisKeys(config.REDIS_PREFIX).latest);
  }

  get(ids: readonly string[]): Promise<Map<string, LatestValues>> {
    return this.hash.getMany(ids);
  }

  set(values: Map<string, LatestValues>): Promise<void> {
    return this.hash.setMany(values);
  }
}

/** Merges newer readings into the stored latest values; a reading older than a metric's value never overwrites it. */
export function mergeLatest(
  current: LatestValues | undefined,
  readings: readonly { ts: number; metrics: Record<string, number> }[],
): LatestValues {
  const merged: LatestValues = current
    ? { ts: current.ts, metrics: { ...current.metrics } }
    : { ts: 0, metrics: {} };
  for (const reading of [...readings].sort((a, b) => a.ts - b.ts)) {
    if (reading.ts < merged.ts) continue;
    merged.ts = reading.ts;
    Object.assign(merged.metrics, reading.metrics);
  }
  return merged;
}
