import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';
import { RedisJsonHash } from '../../infra/redis/redis-json-hash.js';
import type { SensorQualityState } from './quality-checks.js';

/** The quality gate's memory per sensor (recent values, the current run) in one Redis hash. */
@Injectable()
export class QualityStateRepository {
  private readonly hash: RedisJsonHash<SensorQualityState>;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.hash = new RedisJsonHash(redis, `${config.REDIS_PREFIX}:quality-state`, (value) =>
      typeof value === 'object' && value !== null ? (value as SensorQualityState) : undefined,
    );
  }

  load(sensorIds: readonly string[]): Promise<Map<string, SensorQualityState>> {
    return this.hash.getMany(sensorIds);
  }

  save(states: Map<string, SensorQualityState>): Promise<void> {
    return this.hash.setMany(states);
  }
}
