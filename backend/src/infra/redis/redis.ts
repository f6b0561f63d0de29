import { Redis } from 'ioredis';

/** Injection token for the shared command connection. */
export const REDIS = Symbol('REDIS');

/**
 * maxRetriesPerRequest null: commands wait for a reconnect instead of failing after a few tries,
 * which BullMQ requires and which lets a Redis restart pass without lost writes.
 */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false });
}
