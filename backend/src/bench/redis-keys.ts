import type { Redis } from 'ioredis';

/** Deletes every key matching the pattern (SCAN, so Redis is never blocked by one big KEYS). */
export async function deleteKeysMatching(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
