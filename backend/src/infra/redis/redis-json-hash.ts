import type { Redis } from 'ioredis';

const CHUNK = 1000;

/** A Redis hash whose values are JSON documents: the shape of the registry, latest values and alert state. */
export class RedisJsonHash<T> {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    /** Returns the value, or undefined for a document that is not (or no longer) of this shape. */
    private readonly parse: (value: unknown) => T | undefined = (value) => value as T,
  ) {}

  async getMany(fields: readonly string[]): Promise<Map<string, T>> {
    const result = new Map<string, T>();
    for (let start = 0; start < fields.length; start += CHUNK) {
      const chunk = fields.slice(start, start + CHUNK);
      const values = await this.redis.hmget(this.key, ...chunk);
      chunk.forEach((field, i) => {
        const raw = values[i];
        if (!raw) return;
        const value = this.parse(JSON.parse(raw));
        if (value !== undefined) result.set(field, value);
      });
    }
    return result;
  }

  async setMany(entries: Iterable<readonly [string, T]>): Promise<void> {
    const flat = [...entries].flatMap(([field, value]) => [field, JSON.stringify(value)]);
    for (let start = 0; start < flat.length; start += CHUNK * 2) {
      await this.redis.hset(this.key, ...flat.slice(start, start + CHUNK * 2));
    }
  }
}
