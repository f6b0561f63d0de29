import { Inject, Injectable } from '@nestjs/common';
import {
  LIVE_ROOM_ALL,
  type LiveEvent,
  type LiveEventPayload,
  redisKeys,
} from '@cityops/contracts';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../redis/redis.js';

/**
 * Publishes live events through Redis, so an event raised in any process (API or worker, any
 * replica) reaches every connected console via the Socket.IO Redis adapter.
 */
@Injectable()
export class LivePublisher {
  private readonly emitter: Emitter;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.emitter = new Emitter(redis, { key: redisKeys(config.REDIS_PREFIX).socketIo });
  }

  publish<E extends LiveEvent>(event: E, payload: LiveEventPayload<E>): void {
    this.emitter.to(LIVE_ROOM_ALL).emit(event, payload);
  }
}
