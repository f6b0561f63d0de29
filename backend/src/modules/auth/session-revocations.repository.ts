import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.js';

/**
 * Revoked sessions, in Redis so every replica refuses their access tokens at once. A key only
 * needs to outlive the longest access token issued before the revocation.
 */
@Injectable()
export class SessionRevocationsRepository {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.prefix = `${config.REDIS_PREFIX}:auth:revoked-session:`;
  }

  async revoke(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const ttl = Math.ceil(this.config.ACCESS_TOKEN_TTL_MINUTES * 60) + 60;
    const multi = this.redis.multi();
    for (const id of sessionIds) multi.set(this.prefix + id, '1', 'EX', ttl);
    await multi.exec();
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.redis.exists(this.prefix + sessionId)) === 1;
  }
}
