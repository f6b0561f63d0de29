import { Inject, Injectable } from '@nestjs/common';
import { CollectorHeartbeatSchema, type HealthCheck, redisKeys } from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';

export type CollectorStatus = NonNullable<HealthCheck['collectors']>[number];

/** The collectors' heartbeats in Redis (each key expires 30 s after its last beat). */
@Injectable()
export class CollectorHeartbeatsRepository {
  private readonly keys: ReturnType<typeof redisKeys>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = redisKeys(config.REDIS_PREFIX);
  }

  async list(now: number): Promise<CollectorStatus[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(
        cursor,
        'MATCH',
        this.keys.collectorHeartbeatPattern,
        'COUNT',
        200,
      );
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0' && keys.length < 1000);
    if (keys.length === 0) return [];
    const values = await this.redis.mget(...keys);
    const prefix = this.keys.collectorHeartbeat('');
    return keys.flatMap((key, i) => {
      const parsed = parseHeartbeat(values[i]);
      return parsed
        ? [
            {
              instance: key.slice(prefix.length),
              ageMs: now - parsed.ts,
              spoolBytes: parsed.spoolBytes,
              sources: parsed.sources,
            },
          ]
        : [];
    });
  }
}

function parseHeartbeat(raw: string | null | undefined) {
  if (!raw) return null;
  try {
    const parsed = CollectorHeartbeatSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
