import { Inject, Injectable } from '@nestjs/common';
import { redisKeys } from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';
import type { AlertState } from './alert-state-machine.js';

export const stateKey = (ruleId: string, assetId: string) => `${ruleId}|${assetId}`;

/** Alert state per (rule, asset) in one Redis hash, shared by every worker. */
@Injectable()
export class AlertStateRepository {
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = redisKeys(config.REDIS_PREFIX).alertState;
  }

  async load(keys: readonly string[]): Promise<Map<string, AlertState>> {
    const result = new Map<string, AlertState>();
    if (keys.length === 0) return result;
    const values = await this.redis.hmget(this.key, ...keys);
    keys.forEach((key, i) => {
      const raw = values[i];
      if (raw) result.set(key, JSON.parse(raw) as AlertState);
    });
    return result;
  }

  async save(states: Map<string, AlertState>): Promise<void> {
    if (states.size === 0) return;
    await this.redis.hset(
      this.key,
      ...[...states].flatMap(([key, state]) => [key, JSON.stringify(state)]),
    );
  }
}
