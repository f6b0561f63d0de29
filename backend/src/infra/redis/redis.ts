import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/** Injection token for the shared command connection. */
export const REDIS = Symbol('REDIS');

/** While Redis is away ioredis reports every reconnect attempt; one line per client this often. */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * maxRetriesPerRequest null: commands wait for a reconnect instead of failing after a few tries,
 * which BullMQ requires and which lets a Redis restart pass without lost writes. Connection errors
 * are logged at most every ten seconds per client (without a listener ioredis prints a stack trace
 * for each reconnect attempt, and the Socket.IO adapter warns of the missing handler).
 */
export function createRedis(url: string, name: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: name,
    lazyConnect: false,
  });
  const logger = new Logger('Redis');
  logConnectionErrors(redis, (message) => logger.warn(`${name}: ${message} (reconnecting)`));
  return redis;
}

/** Passes a client's connection errors to `warn`, at most one per ERROR_LOG_INTERVAL_MS. */
export function logConnectionErrors(redis: Redis, warn: (message: string) => void): void {
  let lastLogged = 0;
  redis.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastLogged < ERROR_LOG_INTERVAL_MS) return;
    lastLogged = now;
    warn(error.message);
  });
}
