import { Inject, Injectable } from '@nestjs/common';
import { redisKeys } from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';

export interface LatestValues {
  /** Event time of the newest reading merged in. */
  ts: number;
  metrics: Record<string, number>;
}

/** Newest value per metric per asset, for the map and KPIs (kept in Redis, rebuilt by new readings). */
@Injectable()
export class LatestValuesRepository {
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = redisKeys(config.REDIS_PREFIX).latest;
  }

  async get(ids: readonly string[]): Promise<Map<string, LatestValues>> {
    const result = new Map<string, LatestValues>();
    for (let start = 0; start < ids.length; start += 1000) {
      const chunk = ids.slice(start, start + 1000);
      const values = await this.redis.hmget(this.key, ...chunk);
      chunk.forEach((id, i) => {
        const raw = values[i];
        if (raw) result.set(id, JSON.parse(raw) as LatestValues);
      });
    }
    return result;
  }

  async set(values: Map<string, LatestValues>): Promise<void> {
    if (values.size === 0) return;
    await this.redis.hset(this.key, ...[...values].flatMap(([id, v]) => [id, JSON.stringify(v)]));
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
