import { Inject, Injectable } from '@nestjs/common';
import {
  LIVE_ROOM_ALL,
  type LiveEvent,
  type LiveEventPayload,
  liveDistrictRoom,
  redisKeys,
} from '@cityops/contracts';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../redis/redis.js';

/** The room of one sign-in session's or one display/API token's live connections. */
export const liveSessionRoom = (sessionId: string) => `session:${sessionId}`;
export const liveTokenRoom = (tokenId: string) => `token:${tokenId}`;

/** The district an event belongs to: an incident's, or an asset feature's; null for city-wide ones. */
export function eventDistrict(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const record = payload as { district?: unknown; properties?: { district?: unknown } };
  const district = record.district ?? record.properties?.district;
  return typeof district === 'string' ? district : null;
}

/**
 * Publishes live events through Redis, so an event raised in any process (API or worker, any
 * replica) reaches every connected console via the Socket.IO Redis adapter: the whole city's room,
 * and the room of the event's district for callers limited to districts.
 */
@Injectable()
export class LivePublisher {
  private readonly emitter: Emitter;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.emitter = new Emitter(redis, { key: redisKeys(config.REDIS_PREFIX).socketIo });
  }

  publish<E extends LiveEvent>(event: E, payload: LiveEventPayload<E>): void {
    const district = eventDistrict(payload);
    if (district === null) this.emitter.emit(event, payload);
    else this.emitter.to([LIVE_ROOM_ALL, liveDistrictRoom(district)]).emit(event, payload);
  }

  /** Ends the live connections in a room (a revoked session or token), on every replica. */
  disconnect(room: string): void {
    this.emitter.in(room).disconnectSockets(true);
  }
}
