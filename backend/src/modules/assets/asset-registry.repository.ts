import { Inject, Injectable } from '@nestjs/common';
import { type AssetRegistryEntry, AssetRegistryEntrySchema, redisKeys } from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';
import type { AssetRecord } from './assets.repository.js';

/**
 * The registry in Redis that collectors and the fast path read to accept and tag readings
 * (contracts: redisKeys().assetRegistry). The database stays the source of truth; this is its copy.
 */
@Injectable()
export class AssetRegistryRepository {
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = redisKeys(config.REDIS_PREFIX).assetRegistry;
  }

  async publish(
    assets: readonly Pick<AssetRecord, 'id' | 'domain' | 'kind' | 'district'>[],
  ): Promise<void> {
    if (assets.length === 0) return;
    const entries: string[] = [];
    for (const a of assets) {
      const entry: AssetRegistryEntry = {
        domain: a.domain,
        kind: a.kind,
        district: a.district as AssetRegistryEntry['district'],
      };
      entries.push(a.id, JSON.stringify(entry));
    }
    await this.redis.hset(this.key, ...entries);
  }

  async lookup(ids: readonly string[]): Promise<Map<string, AssetRegistryEntry>> {
    const result = new Map<string, AssetRegistryEntry>();
    if (ids.length === 0) return result;
    const values = await this.redis.hmget(this.key, ...ids);
    ids.forEach((id, i) => {
      const raw = values[i];
      if (!raw) return;
      const parsed = AssetRegistryEntrySchema.safeParse(JSON.parse(raw));
      if (parsed.success) result.set(id, parsed.data);
    });
    return result;
  }
}
