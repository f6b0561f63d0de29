import { Inject, Injectable } from '@nestjs/common';
import { redisKeys } from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';
import { RedisJsonHash } from '../../infra/redis/redis-json-hash.js';
import type { AlertState } from './alert-state-machine.js';
import { tickKeys } from './tick/tick-state.repository.js';

export const stateKey = (ruleId: string, assetId: string) => `${ruleId}|${assetId}`;

/** Alert state per (rule, asset) in one Redis hash, shared by every worker. */
@Injectable()
export class AlertStateRepository {
  private readonly hash: RedisJsonHash<AlertState>;
  private readonly tickWatermarks: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.hash = new RedisJsonHash(redis, redisKeys(config.REDIS_PREFIX).alertState);
    this.tickWatermarks = tickKeys(config.REDIS_PREFIX).watermark;
  }

  load(keys: readonly string[]): Promise<Map<string, AlertState>> {
    return this.hash.getMany(keys);
  }

  save(states: Map<string, AlertState>): Promise<void> {
    return this.hash.setMany(states);
  }

  /**
   * Alert state only means something beside the incidents it produced. When the database is new
   * (or another one), drop state left by the old one: an alert "already active" with no incident
   * behind it would never open one. Returns true when state was dropped.
   */
  async bindToDatabase(databaseId: string): Promise<boolean> {
    const marker = `${this.hash.key}:database`;
    const previous = await this.redis.get(marker);
    if (previous === databaseId) return false;
    await this.redis.multi().del(this.hash.key, this.tickWatermarks).set(marker, databaseId).exec();
    return previous !== null;
  }
}
