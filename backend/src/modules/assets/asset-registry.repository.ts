import { Inject, Injectable } from '@nestjs/common';
import { type AssetRegistryEntry, AssetRegistryEntrySchema, redisKeys } from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';
import { RedisJsonHash } from '../../infra/redis/redis-json-hash.js';
import type { AssetRecord } from './assets.repository.js';

/**
 * The registry in Redis that collectors and the fast path read to accept and tag readings
 * (contracts: redisKeys().assetRegistry). The database stays the source of truth; this is its copy.
 */
@Injectable()
export class AssetRegistryRepository {
  private readonly hash: RedisJsonHash<AssetRegistryEntry>;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.hash = new RedisJsonHash(redis, redisKeys(config.REDIS_PREFIX).assetRegistry, (value) => {
      const parsed = AssetRegistryEntrySchema.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    });
  }

  async publish(
    assets: readonly Pick<AssetRecord, 'id' | 'domain' | 'kind' | 'district'>[],
  ): Promise<void> {
    await this.hash.setMany(
      assets.map(
        (a) =>
          [
            a.id,
            {
              domain: a.domain,
              kind: a.kind,
              district: a.district as AssetRegistryEntry['district'],
            },
          ] as const,
      ),
    );
  }

  lookup(ids: readonly string[]): Promise<Map<string, AssetRegistryEntry>> {
    return this.hash.getMany(ids);
  }
}
